import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  /// Holds lock and read whole weeks; the rest between days must still see the day before a
  /// Monday and the day after a Sunday, which belong to the neighbouring weeks.
  @Suite("BookingService.hold at the edges of a week")
  struct WeekEdges {
    /// Guides every visit of the base, and needs sixteen hours off between two working days.
    static let camille = Guide(
      id: "guide-camille", name: "Camille", languages: ["fr"], certifiedSites: [Small.baseID],
      minimumRestHours: 16)

    static func catalogue() -> Catalogue {
      var journey = Small.journey()
      journey.stops = [.init(site: Small.baseID, minutes: 60, guided: true)]
      var catalogue = Small.catalogue()
      catalogue.journeys = [journey]
      return catalogue
    }

    func hold(
      on day: String, at time: String? = nil, after booked: Booking, _ backend: StoreBackend
    ) async throws -> Result<Booking, any Error> {
      var outcome: Result<Booking, any Error>?
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store, catalogue: Self.catalogue())
        try await store.save(Self.camille)
        try await store.importBookings([booked])
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        let request = BookingService.HoldRequest(
          journey: Small.journeyID, date: LocalDate(day)!, group: Small.group(),
          startTime: time.map { LocalTime($0)! })
        do { outcome = .success(try await service.hold(request)) } catch {
          outcome = .failure(error)
        }
      }
      return try #require(outcome)
    }

    func expectRefusedForWantOfAGuide(_ outcome: Result<Booking, any Error>) {
      guard case .failure(BookingError.refused(let violations)) = outcome else {
        Issue.record("expected a refusal, got \(outcome)")
        return
      }
      #expect(violations.map(\.code) == [.guideNoneAvailable], "\(violations)")
    }

    @Test(arguments: StoreBackend.allCases)
    func aMondayHoldRespectsTheRestAfterALateSunday(_ backend: StoreBackend) async throws {
      // Sunday 7 June until 18:00, then Monday from 09:00: fifteen hours off.
      let sunday = Small.guided("bk-sunday", on: "2026-06-07", from: "17:00", to: "18:00")
      expectRefusedForWantOfAGuide(try await hold(on: "2026-06-08", after: sunday, backend))
      // Tuesday is two days on: nothing to respect.
      let tuesday = try await hold(on: "2026-06-09", after: sunday, backend)
      #expect(try tuesday.get().visits.first?.guide == Self.camille.id)
    }

    @Test(arguments: StoreBackend.allCases)
    func aSundayHoldRespectsTheRestBeforeAnEarlyMonday(_ backend: StoreBackend) async throws {
      let monday = Small.guided("bk-monday", on: "2026-06-08", from: "09:00", to: "10:00")
      // Until 18:00 on Sunday leaves fifteen hours; until 10:00, twenty-three.
      expectRefusedForWantOfAGuide(
        try await hold(on: "2026-06-07", at: "17:00", after: monday, backend))
      let morning = try await hold(on: "2026-06-07", at: "09:00", after: monday, backend)
      #expect(try morning.get().visits.first?.guide == Self.camille.id)
    }
  }
}
