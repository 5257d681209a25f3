import Foundation
import Journeys
import PropertyBased
import Testing

/// Random sequences of holds, confirmations, cancellations and expiries against an in-memory
/// store (an array of bookings, read through `Ledger(bookings:at:)` at the current time) never
/// break invariants 1–4 of the design.
@Suite("Booking sequence properties")
struct BookingSequencePropertyTests {
  typealias S = BookingSequence

  /// The store: every booking ever held, and the time now.
  struct Model {
    let sites: [Site]
    let guides: [Guide]
    let journeys: [Journey]
    let travel = TravelTimes()
    var bookings: [Booking] = []
    var now = S.start
    var held = 0
    var refused: Set<Violation.Code> = []
    /// Holds that filled a site to its number of groups at once.
    var saturating = 0

    init(_ scenario: S.Scenario) {
      sites = S.sites(scenario.sites)
      guides = S.guides(scenario.guides, sites: sites.count)
      journeys = S.journeys(scenario.journeys, sites: sites.count)
    }

    mutating func apply(_ operation: S.Operation, index: Int) {
      switch operation {
      case .hold(let j, let d, let headcount, let french):
        let journey = journeys[j % journeys.count]
        let day = S.firstDay.adding(days: d)
        let group = GroupProfile(headcount: headcount, language: french ? "fr" : "en")
        let context = BookingContext(
          sites: sites, guides: guides, ledger: Ledger(bookings: bookings, at: now),
          travel: travel, now: now)
        let programme = JourneyScheduler.schedule(journey, on: day, for: group, in: context)
        guard programme.isFeasible else {
          refused.formUnion(programme.violations.map(\.code))
          return
        }
        held += 1
        let others = active.flatMap(\.visits)
        if programme.visits.contains(where: { visit in
          let site = sites.first { $0.id == visit.site }!
          let present = others.filter {
            $0.site == visit.site && $0.start < visit.end && visit.start < $0.end
          }
          return present.count + 1 >= site.capacity.simultaneousGroups
        }) {
          saturating += 1
        }
        bookings.append(
          Self.booking(
            "bk-\(index)", journey: journey.id, on: day, group: group, visits: programme.visits,
            state: .held(expiresAt: now.addingTimeInterval(S.holdDuration)), at: now))
      case .confirm(let i) where !bookings.isEmpty:
        let k = i % bookings.count
        if let confirmed = try? bookings[k].confirmed(at: now) { bookings[k] = confirmed }
      case .cancel(let i) where !bookings.isEmpty:
        let k = i % bookings.count
        if let cancelled = try? bookings[k].cancelled(at: now) { bookings[k] = cancelled }
      case .wait(let minutes):
        now.addTimeInterval(Double(minutes * 60))
      case .expire:
        bookings = bookings.map { $0.settled(at: now) }
      case .confirm, .cancel:
        break
      }
    }

    var active: [Booking] { bookings.filter { $0.isActive(at: now) } }

    static func booking(
      _ id: String, journey: Journey.ID, on day: LocalDate, group: GroupProfile, visits: [Visit],
      state: Booking.State, at now: Date
    ) -> Booking {
      Booking(
        id: Booking.ID(id), journey: journey, journeyVersion: 1, date: day,
        group: Group(
          organisation: "demo", contact: .init(name: "C"), headcount: group.headcount,
          language: group.language),
        state: state, visits: visits, createdAt: now)
    }
  }

  @Test func theInvariantCheckerCatchesABrokenStore() {
    // One site taking one group of 10 at a time, 09:00–17:00; one guide speaking French only.
    let site = S.SiteSpec(
      maxGroupSize: 10, simultaneousGroups: 1, groupsPerDay: 1, opens: 9, closes: 17,
      lunchBreak: false, openOnHolidays: true, endsBeforeSunset: false, closedWeekday: 7,
      position: 0)
    let guide = S.GuideSpec(
      languages: 1, certified: 1, maxHoursPerDay: 8, maxHoursPerWeek: 35, restHours: 0,
      morningsOnly: false, absentDay: 99)
    let journey = S.JourneySpec(
      stops: [.init(site: 0, minutes: 60, guided: true, mandatory: true)], start: 9, end: 17)
    let model = Model(
      S.Scenario(sites: [site], guides: [guide], journeys: [journey], operations: []))
    let day = date("2026-10-20")
    func booking(_ id: String, _ from: String, _ to: String, _ language: Language) -> Booking {
      let visit = Visit(
        site: "site-0", kind: .visit, start: paris("2026-10-20", from),
        end: paris("2026-10-20", to), guided: true, guide: "guide-0")
      return Model.booking(
        id, journey: "journey-0", on: day, group: GroupProfile(headcount: 20, language: language),
        visits: [visit], state: .confirmed(at: S.start), at: S.start)
    }
    let problems = Invariants.check(
      [booking("bk-1", "10:00", "11:00", "fr"), booking("bk-2", "10:30", "17:30", "en")],
      in: model)
    for expected in [
      "site-0 hosts 2 groups", "site-0 hosts 20 people", "site-0 receives 2 groups",
      "guide-0 cannot lead bk-1 and bk-2", "guide-0 is not qualified for bk-2",
      "bk-2 visits site-0 out of hours",
    ] {
      #expect(problems.contains { $0.hasPrefix(expected) }, "\(expected) in \(problems)")
    }
    #expect(Invariants.check([booking("bk-1", "10:00", "11:00", "fr")], in: model).count == 1)
  }

  @Test func randomBookingSequencesNeverBreakTheInvariants() async {
    var totals = (held: 0, refused: Set<Violation.Code>(), confirmed: 0, lapsed: 0, saturating: 0)
    await propertyCheck(count: 100, input: S.scenario) { scenario in
      var model = Model(scenario)
      for (index, operation) in scenario.operations.enumerated() {
        model.apply(operation, index: index)
        let problems = Invariants.check(model.active, in: model)
        #expect(problems.isEmpty, "after \(operation) at step \(index): \(problems)")
        if !problems.isEmpty { return }
      }
      totals.held += model.held
      totals.refused.formUnion(model.refused)
      totals.saturating += model.saturating
      totals.confirmed += model.bookings.filter { $0.state.name == "confirmed" }.count
      totals.lapsed += model.bookings.filter { !$0.isActive(at: model.now) }.count
    }
    // The invariants are only meaningful if the limits are reached.
    #expect(totals.held > 100)
    #expect(totals.confirmed > 10)
    #expect(totals.lapsed > 10)
    #expect(totals.saturating > 20, "holds that filled a site")
    let contended: Set<Violation.Code> = [.siteDailyLimit, .guideNoneAvailable, .siteClosed]
    #expect(contended.isSubset(of: totals.refused), "refusals seen: \(totals.refused)")
  }
}

/// Invariants 1–4 of the design, over the bookings active at one time.
enum Invariants {
  static func check(_ active: [Booking], in model: BookingSequencePropertyTests.Model) -> [String] {
    let civil = CivilTime.paris
    let sites = Dictionary(uniqueKeysWithValues: model.sites.map { ($0.id, $0) })
    let visits = active.flatMap { booking in booking.visits.map { (booking: booking, visit: $0) } }
    var problems: [String] = []
    func at(_ instant: Date) -> String { civil.iso8601(instant) }

    // 1. Site capacity: groups at once, group size, groups a day.
    for site in model.sites {
      let here = visits.filter { $0.visit.site == site.id }
      for (booking, visit) in here {
        let present = here.filter { $0.visit.start <= visit.start && visit.start < $0.visit.end }
        if present.count > site.capacity.simultaneousGroups {
          problems.append("\(site.id) hosts \(present.count) groups at \(at(visit.start))")
        }
        if booking.group.headcount > site.capacity.maxGroupSize {
          problems.append("\(site.id) hosts \(booking.group.headcount) people in \(booking.id)")
        }
      }
      for (day, same) in Dictionary(grouping: here, by: { civil.civil($0.visit.start).date }) {
        let groups = Set(same.map(\.booking.id)).count
        if groups > site.capacity.groupsPerDay {
          problems.append("\(site.id) receives \(groups) groups on \(day)")
        }
      }
    }

    // 2 and 3. Guides: one place at a time with the travel time, qualified, available, limits.
    for guide in model.guides {
      let led = visits.filter { $0.visit.guide == guide.id }.sorted {
        $0.visit.start < $1.visit.start
      }
      for (i, a) in led.enumerated() {
        for b in led[(i + 1)...] {
          let travel = model.travel.minutes(from: sites[a.visit.site]!, to: sites[b.visit.site]!)
          if b.visit.start.timeIntervalSince(a.visit.end) < Double(travel * 60) {
            problems.append("\(guide.id) cannot lead \(a.booking.id) and \(b.booking.id)")
          }
        }
      }
      for (booking, visit) in led {
        let (day, start) = civil.civil(visit.start)
        if !guide.languages.contains(booking.group.language)
          || !guide.isCertified(for: sites[visit.site]!)
        {
          problems.append("\(guide.id) is not qualified for \(booking.id) at \(visit.site)")
        }
        if let week = guide.weeklyAvailability {
          let end = civil.civil(visit.end)
          let inside = (week[day.weekday] ?? []).contains {
            $0.start <= start && end.time <= $0.end && end.date == day
          }
          if !inside { problems.append("\(guide.id) works outside hours at \(at(visit.start))") }
        }
        if (guide.unavailable ?? []).contains(where: {
          $0.start < visit.end && visit.start < $0.end
        }) {
          problems.append("\(guide.id) works while away at \(at(visit.start))")
        }
      }
      let byDay = Dictionary(grouping: led.map(\.visit)) { civil.civil($0.start).date }
      func minutes(_ visits: [Visit]) -> Double {
        visits.reduce(0) { $0 + $1.end.timeIntervalSince($1.start) / 60 }
      }
      for (day, visits) in byDay {
        if minutes(visits) > Double(guide.maxHoursPerDay * 60) {
          problems.append("\(guide.id) works \(minutes(visits)) minutes on \(day)")
        }
        let monday = day.adding(days: -Weekday.allCases.firstIndex(of: day.weekday)!)
        let week = byDay.filter { (monday..<monday.adding(days: 7)).contains($0.key) }
        let total = minutes(week.values.flatMap { $0 })
        if total > Double(guide.maxHoursPerWeek * 60) {
          problems.append("\(guide.id) works \(total) minutes in the week of \(monday)")
        }
        if let rest = guide.minimumRestHours, let next = byDay[day.adding(days: 1)] {
          let gap = next.map(\.start).min()!.timeIntervalSince(visits.map(\.end).max()!)
          if gap < Double(rest * 3600) {
            problems.append("\(guide.id) rests \(gap / 3600) hours after \(day)")
          }
        }
      }
    }

    // 4. Every visit inside its site's opening hours of its local day (and daylight if needed);
    // every guided visit has a guide.
    for (booking, visit) in visits {
      let site = sites[visit.site]!
      if visit.guided && visit.guide == nil {
        problems.append("\(booking.id) has an unguided visit at \(visit.site)")
      }
      guard civil.civil(visit.start).date == booking.date,
        case .success(let ranges) = site.openingHours.day(booking.date)
      else {
        problems.append("\(booking.id) visits \(site.id), closed, at \(at(visit.start))")
        continue
      }
      let inside = ranges.contains {
        civil.boundary(on: booking.date, at: $0.start) <= visit.start
          && visit.end <= civil.boundary(on: booking.date, at: $0.end)
      }
      if !inside {
        problems.append("\(booking.id) visits \(site.id) out of hours at \(at(visit.start))")
      }
      if site.endsBeforeSunset == true, let sunset = Sunset.instant(on: booking.date, at: site),
        visit.end > sunset
      {
        problems.append("\(booking.id) ends at \(site.id) after sunset")
      }
    }
    return problems
  }
}
