import Foundation
import Journeys
import PropertyBased

/// A small random catalogue and a random sequence of booking operations, generated with
/// PropertyBased so that failures are reported with their seed (and can be shrunk).
enum BookingSequence {
  /// Two weeks from Monday 19 October 2026: both kinds of weekday, the fall-back Sunday
  /// (25 October) and All Saints' Day (Sunday 1 November).
  static let firstDay = date("2026-10-19")
  static let days = 14
  /// A week before the first day, 08:00 in Paris.
  static let start = paris("2026-10-12", "08:00")
  static let holdDuration: TimeInterval = 48 * 3600

  struct SiteSpec: Sendable, CustomStringConvertible {
    var maxGroupSize, simultaneousGroups, groupsPerDay: Int
    var opens, closes: Int  // hours
    var lunchBreak, openOnHolidays, endsBeforeSunset: Bool
    var closedWeekday: Int  // 0…6, or 7 for none
    var position: Int  // spreads sites over the basin, some within walking distance

    var description: String {
      "site(\(maxGroupSize)p ×\(simultaneousGroups) \(groupsPerDay)/d \(opens)-\(closes)h"
        + "\(lunchBreak ? " lunch" : "")\(endsBeforeSunset ? " sunset" : "") closed:\(closedWeekday))"
    }
  }

  struct GuideSpec: Sendable {
    var languages: Int  // 1: fr, 2: en, 3: both
    var certified: Int  // bit i: site i
    var maxHoursPerDay, maxHoursPerWeek: Int
    var restHours: Int  // 0 for no minimum
    var morningsOnly: Bool
    var absentDay: Int  // 0…days-1, or more for none
  }

  struct StopSpec: Sendable {
    var site, minutes: Int
    var guided, mandatory: Bool
  }

  struct JourneySpec: Sendable {
    var stops: [StopSpec]
    var start, end: Int  // hours
  }

  enum Operation: Sendable, CustomStringConvertible {
    case hold(journey: Int, day: Int, headcount: Int, french: Bool)
    case confirm(Int)
    case cancel(Int)
    /// Time passes; holds lapse on their own.
    case wait(minutes: Int)
    /// Lapsed holds are written as expired (what `expireHolds` does).
    case expire

    var description: String {
      switch self {
      case .hold(let j, let d, let n, let fr): "hold(j\(j) d\(d) \(n)\(fr ? "fr" : "en"))"
      case .confirm(let i): "confirm(\(i))"
      case .cancel(let i): "cancel(\(i))"
      case .wait(let m): "wait(\(m)min)"
      case .expire: "expire"
      }
    }
  }

  struct Scenario: Sendable {
    var sites: [SiteSpec]
    var guides: [GuideSpec]
    var journeys: [JourneySpec]
    var operations: [Operation]
  }

  static let site = zip(
    Gen.int(in: 10...40), Gen.int(in: 1...3), Gen.int(in: 1...5), Gen.int(in: 7...11),
    Gen.int(in: 14...20), Gen.int(in: 0...7), Gen.int(in: 0...7), Gen.int(in: 0...15)
  ).map { size, simultaneous, perDay, opens, closes, weekday, position, flags in
    SiteSpec(
      maxGroupSize: size, simultaneousGroups: simultaneous, groupsPerDay: perDay, opens: opens,
      closes: closes, lunchBreak: flags & 1 != 0, openOnHolidays: flags & 2 != 0,
      endsBeforeSunset: flags & 12 == 12, closedWeekday: weekday, position: position)
  }

  static let guide = zip(
    Gen.int(in: 1...3), Gen.int(in: 0...15), Gen.int(in: 2...8), Gen.int(in: 4...20),
    Gen.int(in: 0...13), Gen.bool, Gen.int(in: 0...20)
  ).map { languages, certified, day, week, rest, mornings, absent in
    GuideSpec(
      languages: languages, certified: certified, maxHoursPerDay: day, maxHoursPerWeek: week,
      restHours: rest < 8 ? 0 : rest, morningsOnly: mornings, absentDay: absent)
  }

  static let stop = zip(Gen.int(in: 0...3), Gen.int(in: 3...24), Gen.int(in: 0...3)).map {
    site, fiveMinutes, flags in
    StopSpec(site: site, minutes: fiveMinutes * 5, guided: flags != 0, mandatory: flags != 1)
  }

  static let journey = zip(stop.array(of: 1...3), Gen.int(in: 8...10), Gen.int(in: 15...19))
    .map { JourneySpec(stops: $0, start: $1, end: $2) }

  static let operation = zip(
    Gen.int(in: 0...9), Gen.int(in: 0...99), Gen.int(in: 0...99), Gen.int(in: 5...40), Gen.bool
  ).map { kind, a, b, headcount, french -> Operation in
    switch kind {
    case 0...4: .hold(journey: a, day: b % days, headcount: headcount, french: french)
    case 5, 6: .confirm(a)
    case 7: .cancel(a)
    case 8: .wait(minutes: 5 + a * b * 3)
    default: .expire
    }
  }

  static let scenario = zip(
    site.array(of: 2...4), guide.array(of: 1...4), journey.array(of: 1...3),
    operation.array(of: 20...50)
  ).map { Scenario(sites: $0, guides: $1, journeys: $2, operations: $3) }

  // MARK: Building domain values

  static func hours(_ spec: SiteSpec) -> OpeningHours {
    let ranges =
      spec.lunchBreak
      ? [
        LocalTimeRange(start: LocalTime(hour: spec.opens, minute: 0)!, end: time("12:30"))!,
        LocalTimeRange(start: time("13:30"), end: LocalTime(hour: spec.closes, minute: 0)!)!,
      ]
      : [
        LocalTimeRange(
          start: LocalTime(hour: spec.opens, minute: 0)!,
          end: LocalTime(hour: spec.closes, minute: 0)!)!
      ]
    let open = Weekday.allCases.enumerated().filter { $0.offset != spec.closedWeekday }
    var hours = OpeningHours(week: Dictionary(uniqueKeysWithValues: open.map { ($1, ranges) }))
    hours.publicHolidays = spec.openOnHolidays ? .open : .closed
    return hours
  }

  static func sites(_ specs: [SiteSpec]) -> [Site] {
    specs.enumerated().map { index, spec in
      var site = Basin.site(
        Site.ID("site-\(index)"), name: "Site \(index)", hours: hours(spec),
        capacity: .init(
          maxGroupSize: spec.maxGroupSize, simultaneousGroups: spec.simultaneousGroups,
          groupsPerDay: spec.groupsPerDay),
        themes: [.heritage],
        latitude: 50.42 + Double(spec.position) * 0.004,
        longitude: 2.76 + Double(index) * 0.01)
      site.endsBeforeSunset = spec.endsBeforeSunset
      return site
    }
  }

  static func guides(_ specs: [GuideSpec], sites: Int) -> [Guide] {
    specs.enumerated().map { index, spec in
      let languages: [Language] = [
        spec.languages & 1 != 0 ? "fr" : nil, spec.languages & 2 != 0 ? "en" : nil,
      ]
      .compactMap { $0 }
      let certified = (0..<sites).filter { spec.certified & (1 << $0) != 0 }
      var guide = Guide(
        id: Guide.ID("guide-\(index)"), name: "Guide \(index)", languages: languages,
        certifiedSites: certified.map { Site.ID("site-\($0)") },
        maxHoursPerDay: spec.maxHoursPerDay, maxHoursPerWeek: spec.maxHoursPerWeek,
        minimumRestHours: spec.restHours == 0 ? nil : spec.restHours)
      if spec.morningsOnly {
        let mornings = [LocalTimeRange("08:00-13:00")!]
        guide.weeklyAvailability = Dictionary(
          uniqueKeysWithValues: Weekday.allCases.dropLast().map { ($0, mornings) })
      }
      if spec.absentDay < days {
        let day = firstDay.adding(days: spec.absentDay)
        guide.unavailable = [
          .init(
            start: CivilTime.paris.boundary(on: day, at: time("00:00")),
            end: CivilTime.paris.boundary(on: day.adding(days: 1), at: time("00:00")))
        ]
      }
      return guide
    }
  }

  static func journeys(_ specs: [JourneySpec], sites: Int) -> [Journey] {
    specs.enumerated().map { index, spec in
      let stops = spec.stops.map {
        Basin.stop(
          Site.ID("site-\($0.site % sites)"), $0.minutes, guided: $0.guided,
          mandatory: $0.mandatory)
      }
      var journey = Basin.journey(stops, size: 5...40, id: Journey.ID("journey-\(index)"))
      journey.day = .init(
        start: LocalTime(hour: spec.start, minute: 0)!, end: LocalTime(hour: spec.end, minute: 0)!)
      return journey
    }
  }
}
