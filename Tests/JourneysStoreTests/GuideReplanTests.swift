import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

/// Re-planning the guides of a horizon through the service, on both stores: the plan no longer
/// depends on the order bookings arrived in, and what a guide accepted stays.
@Suite("BookingService.replanGuides")
struct GuideReplanTests {
  static let guides = ["guide-a", "guide-b"].map {
    Guide(id: Guide.ID($0), name: $0, languages: ["fr"], certifiedSites: [Small.baseID])
  }

  static func prepare(_ store: any OperatedStore, _ bookings: [Booking]) async throws
    -> BookingService
  {
    try await Small.prepare(store)
    for guide in guides { try await store.save(guide) }
    try await store.importBookings(bookings)
    return BookingService(store: store, clock: FixedClock(instant: Small.now))
  }

  @Test(arguments: StoreBackend.allCases)
  func twoGuidesGivenAsBookingsArrivedBecomeOne(_ backend: StoreBackend) async throws {
    try await withStore(backend) { store, _ throws in
      let service = try await Self.prepare(
        store,
        [
          Small.guided("bk-morning", from: "10:00", to: "11:00", guide: "guide-a"),
          Small.guided("bk-afternoon", from: "14:00", to: "15:00", guide: "guide-b"),
        ])
      let june10 = LocalDate("2026-06-10")!
      // A preview writes nothing, and is what applying then writes.
      let preview = try await service.replanGuides(june10...june10, optimise: true, dryRun: true)
      let before = try await store.bookings(BookingQuery(date: june10))
      #expect(Set(before.compactMap(\.visits.first?.guide)).count == 2)
      let plan = try await service.replanGuides(june10...june10, optimise: true)
      #expect(plan.changes == preview.changes)
      #expect(plan.guidesUsed == 1)
      #expect(plan.changes.count == 1)
      let stored = try await store.bookings(BookingQuery(date: june10))
      #expect(Set(stored.compactMap(\.visits.first?.guide)).count == 1)
      // Planning again changes nothing.
      #expect(try await service.replanGuides(june10...june10, optimise: true).changes.isEmpty)
    }
  }

  @Test(arguments: StoreBackend.allCases)
  func anAcceptedVisitKeepsItsGuide(_ backend: StoreBackend) async throws {
    try await withStore(backend) { store, _ throws in
      let service = try await Self.prepare(
        store,
        [
          Small.guided("bk-morning", from: "10:00", to: "11:00", guide: "guide-a"),
          Small.guided(
            "bk-afternoon", from: "14:00", to: "15:00", guide: "guide-b", accepted: true),
        ])
      let june10 = LocalDate("2026-06-10")!
      _ = try await service.replanGuides(june10...june10, optimise: true)
      let stored = try await store.bookings(BookingQuery(date: june10))
      #expect(stored.map { $0.visits.first?.guide } == ["guide-b", "guide-b"])
      #expect(try await store.booking("bk-afternoon")?.visits.first?.accepted == true)
      // The moved visit waits for its new guide's answer.
      #expect(try await store.booking("bk-morning")?.visits.first?.accepted == nil)
    }
  }
}

extension GuideReplanTests {
  @Test(arguments: StoreBackend.allCases)
  func aGuideReplacedWithoutTheGroupsLanguageHandsOverTheVisitAndKeepsTheAbsences(
    _ backend: StoreBackend
  ) async throws {
    try await withStore(backend) { store, _ throws in
      let service = try await Self.prepare(store, [Small.guided("bk-morning", guide: "guide-a")])
      let away = Guide.Absence(
        start: Small.instant("2026-07-01", "00:00"), end: Small.instant("2026-07-02", "00:00"),
        reason: "congés")
      _ = try await store.updateGuide("guide-a") { guide in
        var updated = guide
        updated.unavailable = [away]
        return updated
      }
      let plans = try await service.saveGuide(
        Guide(id: "guide-a", name: "A", languages: ["nl"], certifiedSites: [Small.baseID]))
      #expect(plans?.flatMap(\.changes).map(\.to) == ["guide-b"])
      #expect(try await store.booking("bk-morning")?.visits.first?.guide == "guide-b")
      let saved = try await store.guides().first { $0.id == "guide-a" }
      #expect(saved?.languages == ["nl"])
      #expect(saved?.unavailable == [away], "the absence recorded before stays")
      // A new guide has no visits to move.
      let newcomer = Guide(id: "guide-c", name: "C", languages: ["fr"], certifiedSites: [])
      #expect(try await service.saveGuide(newcomer) == nil)
    }
  }

  @Test(arguments: StoreBackend.allCases)
  func publishingAClosureOnABookedDayNamesTheBookingAndChangesNothing(_ backend: StoreBackend)
    async throws
  {
    try await withStore(backend) { store, _ throws in
      let service = try await Self.prepare(store, [Small.guided("bk-morning", guide: "guide-a")])
      var catalogue = Small.catalogue()
      catalogue.sites[0].openingHours.closures = [.init(date: LocalDate("2026-06-10")!)]
      let (_, contradicted) = try await service.publish(catalogue)
      #expect(contradicted.map(\.booking.id) == ["bk-morning"])
      #expect(try await store.booking("bk-morning")?.state == Small.guided("bk-morning").state)
      // Published as it stands, the catalogue contradicts nothing.
      #expect(try await service.publish(Small.catalogue()).contradicted.isEmpty)
    }
  }

  /// Guide A led a visit until 18:00 on Sunday 7 June and leads an accepted one at 14:00 on
  /// Monday; guide B has the Monday morning. The fewest guides would give A the Monday morning
  /// too, fifteen hours after Sunday: `guideA` needs sixteen hours off.
  static func planTheWeekAfterASunday(
    _ store: any OperatedStore, guideA: Guide, guideB: Guide
  ) async throws -> GuidePlan {
    try await Small.prepare(store)
    try await store.save(guideA)
    try await store.save(guideB)
    try await store.importBookings([
      Small.guided("bk-sunday", on: "2026-06-07", from: "17:00", to: "18:00", guide: "guide-a"),
      Small.guided("bk-morning", on: "2026-06-08", from: "09:00", to: "10:00", guide: "guide-b"),
      Small.guided(
        "bk-afternoon", on: "2026-06-08", from: "14:00", to: "15:00", guide: "guide-a",
        accepted: true),
    ])
    let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
    let week = LocalDate("2026-06-08")!...LocalDate("2026-06-14")!
    return try await service.replanGuides(week, optimise: true)
  }

  static let restfulGuideA = Guide(
    id: "guide-a", name: "A", languages: ["fr"], certifiedSites: [Small.baseID],
    minimumRestHours: 16)

  @Test(arguments: StoreBackend.allCases)
  func aWeeksPlanRespectsTheRestAfterTheSundayBefore(_ backend: StoreBackend) async throws {
    try await withStore(backend) { store, _ throws in
      let plan = try await Self.planTheWeekAfterASunday(
        store, guideA: Self.restfulGuideA, guideB: Self.guides[1])
      #expect(plan.changes.isEmpty, "\(plan.changes)")
      #expect(plan.guidesUsed == 2)
      #expect(try await store.booking("bk-morning")?.visits.first?.guide == "guide-b")
      #expect(try await store.booking("bk-sunday")?.visits.first?.guide == "guide-a")
    }
  }

  @Test(arguments: StoreBackend.allCases)
  func aWeeksPlanRespectsTheRestAfterASundayVisitItsGuideCouldNoLongerBeGiven(
    _ backend: StoreBackend
  ) async throws {
    try await withStore(backend) { store, _ throws in
      // Both guides told of an appointment on that Sunday after it was planned: A is still
      // named on that day's visit, which only a re-plan of its own week may move.
      let appointment = Guide.Absence(
        start: Small.instant("2026-06-07", "16:00"), end: Small.instant("2026-06-07", "19:00"))
      var guideA = Self.restfulGuideA
      guideA.unavailable = [appointment]
      var guideB = Self.guides[1]
      guideB.unavailable = [appointment]
      let plan = try await Self.planTheWeekAfterASunday(store, guideA: guideA, guideB: guideB)
      #expect(plan.changes.isEmpty, "\(plan.changes)")
      #expect(try await store.booking("bk-morning")?.visits.first?.guide == "guide-b")
      #expect(try await store.booking("bk-sunday")?.visits.first?.guide == "guide-a")
    }
  }
}
