import Foundation
import Testing

@testable import Journeys

/// The guide planner on small horizons built by hand.
@Suite("GuideAssignment")
struct GuideAssignmentTests {
  /// A confirmed booking of one guided visit at `site`, `from`–`to` on `day`.
  static func booking(
    _ id: String, at site: Site.ID = Basin.baseID, on day: String = "2026-06-10",
    _ from: String, _ to: String, language: Language = "fr", guide: Guide.ID? = nil
  ) -> Booking {
    Booking(
      id: Booking.ID(id), journey: "loos-ville-pilote", journeyVersion: 1,
      date: LocalDate(day)!,
      group: Group(
        organisation: "demo", contact: Contact(name: "C"), headcount: 20, language: language),
      state: .confirmed(at: Basin.now),
      visits: [
        Visit(
          site: site, kind: .visit, start: paris(day, from), end: paris(day, to), guided: true,
          guide: guide)
      ],
      createdAt: Basin.now)
  }

  static let options = RosterOptions(seed: 1, timeLimit: nil, iterationLimit: 2_000)

  @Test func everyVisitGetsAGuideWhoCanLeadItAndNobodyIsInTwoPlaces() {
    let bookings = [
      Self.booking("bk-1", "10:00", "11:00"),
      Self.booking("bk-2", "10:30", "11:30"),
      Self.booking("bk-3", "13:00", "14:00", language: "en"),
    ]
    let plan = GuideAssignment.plan(
      bookings: bookings, guides: Basin.guides, in: Basin.context(), options: Self.options)
    #expect(plan.unassigned.isEmpty)
    #expect(plan.assignments.count == 3)
    // Only Camille speaks English; the two overlapping visits need both guides.
    #expect(plan.assignments[VisitKey(booking: "bk-3", position: 0)] == Basin.camille.id)
    #expect(
      plan.assignments[VisitKey(booking: "bk-1", position: 0)]
        != plan.assignments[VisitKey(booking: "bk-2", position: 0)])
    #expect(plan.guidesUsed == 2)
    #expect(plan.changes.count == 3)
  }

  @Test func aVisitNobodyCanLeadIsExplained() {
    let german = Self.booking("bk-de", "10:00", "11:00", language: "de")
    let plan = GuideAssignment.plan(
      bookings: [german], guides: Basin.guides, in: Basin.context(), options: Self.options)
    let violation = plan.unassigned[VisitKey(booking: "bk-de", position: 0)]
    #expect(violation?.code == .guideNoneAvailable)
    #expect(violation?.message.en.contains("No guide speaking German") == true)
  }

  @Test func visitsAboutToStartKeepTheirGuide() {
    // Two guides for two visits a day apart that one guide could lead: the plan would use
    // one, but tomorrow's visit is within the notice and stays as it is.
    let bookings = [
      Self.booking("bk-soon", on: "2026-05-05", "10:00", "11:00", guide: Basin.mathieu.id),
      Self.booking("bk-later", on: "2026-06-10", "10:00", "11:00", guide: Basin.camille.id),
    ]
    let plan = GuideAssignment.plan(
      bookings: bookings, guides: Basin.guides, in: Basin.context(), options: Self.options)
    #expect(plan.assignments[VisitKey(booking: "bk-soon", position: 0)] == Basin.mathieu.id)
    #expect(plan.guidesUsed == 1)
  }

  @Test func aPlanThatWorksIsKeptAsItIs() {
    let bookings = [
      Self.booking("bk-1", "10:00", "11:00", guide: Basin.mathieu.id),
      Self.booking("bk-2", "13:00", "14:00", guide: Basin.mathieu.id),
    ]
    let plan = GuideAssignment.plan(
      bookings: bookings, guides: Basin.guides, in: Basin.context(), options: Self.options)
    #expect(plan.changes.isEmpty)
    #expect(plan.guidesUsed == 1)
  }

  @Test func anAbsentGuidesVisitsMoveAndNothingElseDoes() {
    let bookings = [
      Self.booking("bk-1", "10:00", "11:00", guide: Basin.mathieu.id),
      Self.booking("bk-2", on: "2026-06-11", "10:00", "11:00", guide: Basin.mathieu.id),
      Self.booking("bk-3", "13:00", "14:00", language: "en", guide: Basin.camille.id),
    ]
    var mathieu = Basin.mathieu
    mathieu.unavailable = [
      .init(start: paris("2026-06-10", "00:00"), end: paris("2026-06-11", "00:00"))
    ]
    let plan = GuideAssignment.repair(
      bookings: bookings, guides: [Basin.camille, mathieu], in: Basin.context(),
      options: Self.options)
    #expect(
      plan.changes.map(\.visit) == [VisitKey(booking: "bk-1", position: 0)],
      "\(plan.changes)")
    #expect(plan.changes.first?.to == Basin.camille.id)
    #expect(plan.unassigned.isEmpty)
  }
}

@Suite("Holds staffed by the guide planner")
struct PlannerStaffingTests {
  @Test func aHoldGoesToTheGuideAlreadyWorkingThatDayRatherThanAnIdleOne() {
    // Camille leads a morning visit; Mathieu, idle, is the least loaded.
    let ledger = Ledger(entries: [
      Basin.entry(
        "bk-morning", at: Basin.baseID, on: "2026-06-10", "09:00", "10:00",
        guide: Basin.camille.id)
    ])
    let context = Basin.context(ledger: ledger)
    let journey = Basin.journey([Basin.stop(Basin.baseID, 60)], day: "14:00-18:00")
    let date = LocalDate("2026-06-10")!
    let quick = JourneyScheduler.schedule(journey, on: date, for: Basin.group(), in: context)
    #expect(quick.visits.map(\.guide) == [Basin.mathieu.id])
    let planned = JourneyScheduler.schedule(
      journey, on: date, for: Basin.group(), in: context, staffing: .planner)
    #expect(planned.isFeasible)
    #expect(planned.visits.map(\.guide) == [Basin.camille.id])
  }

  @Test func twoVisitsThatTogetherExceedTheWeekGoToTwoGuides() {
    // Camille has 60 minutes left this week: one of the two 45-minute visits, not both.
    var camille = Basin.camille
    camille.maxHoursPerWeek = 2
    let ledger = Ledger(entries: [
      Basin.entry(
        "bk-monday", at: Basin.baseID, on: "2026-06-08", "09:00", "10:00",
        guide: camille.id)
    ])
    let context = Basin.context(guides: [camille, Basin.mathieu], ledger: ledger)
    let journey = Basin.journey([Basin.stop(Basin.baseID, 45), Basin.stop(Basin.baseID, 45)])
    let programme = JourneyScheduler.schedule(
      journey, on: LocalDate("2026-06-10")!, for: Basin.group(), in: context, staffing: .planner)
    #expect(programme.isFeasible)
    #expect(programme.visits.filter { $0.guide == camille.id }.count <= 1)
  }

  @Test func whenThePlannerCannotStaffAVisitTheReasonsAreGiven() {
    let context = Basin.context(guides: [Basin.mathieu])
    let journey = Basin.journey([Basin.stop(Basin.baseID, 60)])
    let programme = JourneyScheduler.schedule(
      journey, on: LocalDate("2026-06-10")!, for: Basin.group(20, "en"), in: context,
      staffing: .planner)
    #expect(programme.codes == [.guideNoneAvailable])
  }
}

@Suite("What a guide's own change shows")
struct GuidePlanConcerningTests {
  @Test func aGuideSeesTheVisitsTakenFromOrGivenToThemNotOtherBookingsGaps() {
    let (anne, paul, zoe): (Guide.ID, Guide.ID, Guide.ID) = ("anne", "paul", "zoe")
    let moved = VisitKey(booking: "bk-a", position: 0)
    let lost = VisitKey(booking: "bk-a", position: 1)
    let given = VisitKey(booking: "bk-b", position: 0)
    let reshuffled = VisitKey(booking: "bk-c", position: 0)
    let otherGap = VisitKey(booking: "bk-other", position: 2)
    func change(_ key: VisitKey, _ from: Guide.ID?, _ to: Guide.ID?) -> GuidePlan.Change {
      .init(visit: key, site: "site", start: Date(timeIntervalSince1970: 0), from: from, to: to)
    }
    let why = Violation(code: .guideNoneAvailable, message: .init(fr: "personne", en: "nobody"))
    let plan = GuidePlan(
      assignments: [moved: paul, given: anne, reshuffled: zoe],
      unassigned: [lost: why, otherGap: why],
      changes: [
        change(moved, anne, paul), change(lost, anne, nil), change(given, zoe, anne),
        change(reshuffled, paul, zoe),
      ], guidesUsed: 3, seconds: 0)
    let shown = plan.concerning(anne)
    #expect(shown.changes.map(\.visit) == [moved, lost, given])
    #expect(Set(shown.unassigned.keys) == [lost])
    #expect(shown.assignments == [moved: paul, given: anne])
    #expect(shown.guidesUsed == 2)
  }
}
