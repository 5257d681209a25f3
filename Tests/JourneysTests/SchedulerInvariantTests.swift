import Foundation
import Journeys
import Testing

/// Property-style tests: random sequences of holds built with the scheduler against a growing
/// ledger must never break the invariants of the design, whatever the order of requests.
@Suite("JourneyScheduler invariants")
struct SchedulerInvariantTests {
  typealias B = Basin

  /// A fourth site with a lunch break, closed at weekends, one group at a time.
  static let cite = Basin.site(
    "lens-cite-12", name: "Cité 12",
    hours: {
      let days: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
      let ranges = [LocalTimeRange("09:00-12:00")!, LocalTimeRange("14:00-17:00")!]
      var hours = OpeningHours(week: Dictionary(uniqueKeysWithValues: days.map { ($0, ranges) }))
      hours.publicHolidays = .open
      return hours
    }(),
    capacity: .init(maxGroupSize: 25, simultaneousGroups: 1, groupsPerDay: 3),
    themes: [.housing, .heritage], latitude: 50.4350, longitude: 2.8150)

  static let sites = Basin.sites + [cite]

  static let journeys: [Journey] = [
    B.journey([B.stop(B.baseID, 90), B.stop(B.terrilsID, 120), B.stop(B.louvreID, 90)]),
    B.journey([B.stop(cite.id, 60), B.stop(B.baseID, 60, mandatory: false)], id: "cite"),
    B.journey(
      [B.stop(B.louvreID, 120), B.stop(cite.id, 90, mandatory: false), B.stop(B.baseID, 45)],
      day: "10:00-17:30", id: "louvre"),
    B.journey([B.stop(B.terrilsID, 60), B.stop(B.terrilsID, 45, guided: false)], id: "terrils"),
    B.journey([B.stop(B.baseID, 180, guided: false)], day: "08:00-20:00", id: "base"),
  ]

  static let guides: [Guide] = [
    Basin.camille, Basin.mathieu,
    Guide(
      id: "guide-sophie", name: "Sophie", languages: ["fr", "en"],
      certifiedSites: [Basin.louvreID, cite.id], maxHoursPerDay: 5),
    Guide(
      id: "guide-ines", name: "Inès", languages: ["en"], certifiedThemes: [.biodiversity],
      maxHoursPerDay: 4, maxHoursPerWeek: 10),
  ]

  /// Weekdays, weekends and both daylight-saving changes of 2026.
  static let dates = [
    "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-06-09", "2026-06-10",
    "2026-10-24", "2026-10-25", "2026-10-26",
  ].map(date)

  struct Held {
    var id: Booking.ID
    var date: LocalDate
    var group: GroupProfile
    var visits: [Visit]
  }

  /// Books `count` random requests in order; returns what was held and why others were not.
  static func simulate(
    seed: UInt64, count: Int
  ) -> (held: [Held], refused: Int, reasons: Set<Violation.Code>) {
    var random = SplitMix64(seed: seed)
    var ledger = Ledger()
    var held: [Held] = []
    var refused = 0
    var reasons: Set<Violation.Code> = []
    for index in 0..<count {
      let journey = journeys.randomElement(using: &random)!
      let day = dates.randomElement(using: &random)!
      let language: Language = Bool.random(using: &random) ? "fr" : "en"
      let group = B.group(Int.random(in: 5...35, using: &random), language)
      let context = BookingContext(
        sites: sites, guides: guides, ledger: ledger, travel: B.travel,
        now: paris("2026-03-01", "08:00"))
      let programme = JourneyScheduler.schedule(journey, on: day, for: group, in: context)
      guard programme.isFeasible else {
        refused += 1
        reasons.formUnion(programme.violations.map(\.code))
        continue
      }
      let id = Booking.ID("bk-\(seed)-\(index)")
      ledger.add(programme.visits, of: id, headcount: group.headcount)
      held.append(Held(id: id, date: day, group: group, visits: programme.visits))
    }
    return (held, refused, reasons)
  }

  static let seeds: [UInt64] = Array(1...150)

  @Test func theGeneratorIsDeterministic() {
    var a = SplitMix64(seed: 42)
    var b = SplitMix64(seed: 42)
    let first = (0..<5).map { _ in a.next() }
    #expect(first == (0..<5).map { _ in b.next() })
    #expect(Set(first).count == 5)
    // Reference value of SplitMix64 seeded with 0.
    var zero = SplitMix64(seed: 0)
    #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test func theSimulationBooksAndRefuses() {
    let runs = Self.seeds.prefix(20).map { Self.simulate(seed: $0, count: 40) }
    #expect(runs.reduce(0) { $0 + $1.held.count } > 100)
    #expect(runs.reduce(0) { $0 + $1.refused } > 100)
    // The invariants below are only meaningful if the limits are actually reached.
    let reasons = runs.reduce(into: Set<Violation.Code>()) { $0.formUnion($1.reasons) }
    let contended: Set<Violation.Code> = [
      .siteCapacity, .siteDailyLimit, .guideNoneAvailable, .siteClosed, .siteGroupTooLarge,
    ]
    #expect(contended.isSubset(of: reasons), "reasons seen: \(reasons)")
  }

  @Test(arguments: seeds)
  func noSiteEverHostsMoreGroupsThanItsCapacity(seed: UInt64) {
    let civil = CivilTime.paris
    let (held, _, _) = Self.simulate(seed: seed, count: 40)
    let visits = held.flatMap { booking in booking.visits.map { (booking, $0) } }
    for site in Self.sites {
      let here = visits.filter { $0.1.site == site.id }
      for (booking, visit) in here {
        let present = here.filter { $0.1.start <= visit.start && visit.start < $0.1.end }
        #expect(present.count <= site.capacity.simultaneousGroups, "seed \(seed), \(site.id)")
        #expect(booking.group.headcount <= site.capacity.maxGroupSize)
        let sameDay = here.filter { civil.civil($0.1.start).date == civil.civil(visit.start).date }
        let groups = Set(sameDay.map(\.0.id))
        #expect(groups.count <= site.capacity.groupsPerDay, "seed \(seed), \(site.id)")
      }
    }
  }

  @Test(arguments: seeds)
  func noGuideIsEverInTwoPlacesOrWithoutTravelTime(seed: UInt64) {
    let (held, _, _) = Self.simulate(seed: seed, count: 40)
    let sites = Dictionary(uniqueKeysWithValues: Self.sites.map { ($0.id, $0) })
    let visits = held.flatMap { booking in booking.visits.map { (booking, $0) } }
    for guide in Self.guides {
      let led = visits.filter { $0.1.guide == guide.id }.sorted { $0.1.start < $1.1.start }
      for ((_, before), (_, after)) in zip(led, led.dropFirst()) {
        let travel = B.travel.minutes(from: sites[before.site]!, to: sites[after.site]!)
        let gap = after.start.timeIntervalSince(before.end)
        #expect(gap >= Double(travel * 60), "seed \(seed), \(guide.id)")
      }
      for (booking, visit) in led {
        #expect(guide.languages.contains(booking.group.language))
        #expect(guide.isCertified(for: sites[visit.site]!))
      }
      let byDay = Dictionary(grouping: led) { CivilTime.paris.civil($0.1.start).date }
      for (day, visits) in byDay {
        let minutes = visits.reduce(0) { $0 + $1.1.end.timeIntervalSince($1.1.start) / 60 }
        #expect(minutes <= Double(guide.maxHoursPerDay * 60), "seed \(seed), \(guide.id), \(day)")
      }
    }
    for booking in held {
      #expect(booking.visits.allSatisfy { !$0.guided || $0.guide != nil })
    }
  }

  @Test(arguments: seeds)
  func everyVisitIsWithinItsSitesOpeningHours(seed: UInt64) {
    let civil = CivilTime.paris
    let (held, _, _) = Self.simulate(seed: seed, count: 40)
    let sites = Dictionary(uniqueKeysWithValues: Self.sites.map { ($0.id, $0) })
    for booking in held {
      for visit in booking.visits {
        #expect(civil.civil(visit.start).date == booking.date)
        guard case .success(let ranges) = sites[visit.site]!.openingHours.day(booking.date) else {
          Issue.record("seed \(seed): \(visit.site) is closed on \(booking.date)")
          continue
        }
        let inside = ranges.contains { range in
          civil.boundary(on: booking.date, at: range.start) <= visit.start
            && visit.end <= civil.boundary(on: booking.date, at: range.end)
        }
        #expect(inside, "seed \(seed): \(visit.site) \(civil.iso8601(visit.start))")
      }
      let ends = zip(booking.visits, booking.visits.dropFirst())
      #expect(ends.allSatisfy { $0.end <= $1.start }, "visits of one booking follow each other")
    }
  }
}
