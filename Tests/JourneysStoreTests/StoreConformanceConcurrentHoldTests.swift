import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  /// Groups racing for the last place of a site through the real service and store: the
  /// store's atomic read-decide-write must let exactly one through (invariant 1 of the design).
  @Suite("BookingService.hold under contention")
  struct ConcurrentHolds {
    @Test(arguments: StoreBackend.allCases, [2, 20])
    func onlyOneOfManyConcurrentHoldsGetsTheLastPlace(_ backend: StoreBackend, contenders: Int)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        // One group at a time and one a day: the site has exactly one place on the date.
        let catalogue = Small.catalogue(
          capacity: .init(maxGroupSize: 40, simultaneousGroups: 1, groupsPerDay: 1))
        try await Small.prepare(store, catalogue: catalogue)
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        let request = BookingService.HoldRequest(
          journey: Small.journeyID, date: LocalDate("2026-06-10")!, group: Small.group())

        let outcomes = await withTaskGroup(of: Result<Booking, any Error>.self) { tasks in
          for _ in 0..<contenders {
            tasks.addTask {
              do { return .success(try await service.hold(request)) } catch {
                return .failure(error)
              }
            }
          }
          return await tasks.reduce(into: []) { $0.append($1) }
        }

        let booked = outcomes.compactMap { try? $0.get() }
        #expect(booked.count == 1)
        let errors = outcomes.compactMap { outcome -> (any Error)? in
          if case .failure(let error) = outcome { return error }
          return nil
        }
        #expect(errors.count == contenders - 1)
        for error in errors {
          guard case BookingError.refused(let violations) = error else {
            Issue.record("expected a refusal, got \(error)")
            continue
          }
          let codes = Set(violations.map(\.code))
          #expect(!codes.isDisjoint(with: [.siteCapacity, .siteDailyLimit]), "\(codes)")
        }

        let stored = try await store.bookings(BookingQuery())
        #expect(stored.map(\.id) == booked.map(\.id))
        #expect(stored.first?.state == .held(expiresAt: Small.now.addingTimeInterval(48 * 3_600)))
        let day = LocalDate("2026-06-10")!
        let ledger = try await store.ledger(day...day, at: Small.now)
        #expect(ledger.visits(at: Small.baseID).count == 1)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aRefusedHoldCarriesEveryViolation(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        // Too many people, and in the past.
        let request = BookingService.HoldRequest(
          journey: Small.journeyID, date: LocalDate("2026-05-02")!,
          group: Small.group(headcount: 50))
        let error = try await #require(throws: BookingError.self) {
          try await service.hold(request)
        }
        guard case .refused(let violations) = error else {
          Issue.record("expected a refusal, got \(error)")
          return
        }
        #expect(violations.map(\.code) == [.journeyGroupSize, .datePast])
        #expect(try await store.bookings(BookingQuery()).isEmpty)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aHoldForAnUnknownOrganisationIsRefusedBeforeScheduling(_ backend: StoreBackend)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        let request = BookingService.HoldRequest(
          journey: Small.journeyID, date: LocalDate("2026-06-10")!, group: Small.group("nobody"))
        await #expect(throws: BookingError.unknownOrganisation("nobody")) {
          try await service.hold(request)
        }
      }
    }
  }
}
