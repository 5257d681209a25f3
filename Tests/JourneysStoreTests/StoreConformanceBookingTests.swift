import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  @Suite("bookings")
  struct Bookings {
    struct Refusal: Error {}

    let june10 = LocalDate("2026-06-10")!

    @Test(arguments: StoreBackend.allCases)
    func insertBookingStoresTheBookingAndItsVisitsInTheLedger(_ backend: StoreBackend) async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let booking = Small.booking("bk-1")
        let stored = try await store.insertBooking(ledger: june10...june10, at: Small.now) {
          ledger in
          #expect(ledger.entries.isEmpty)
          return booking
        }
        #expect(stored == booking)
        #expect(try await store.booking("bk-1") == booking)
        let ledger = try await store.ledger(june10...june10, at: Small.now)
        #expect(ledger.visits(at: Small.baseID).map(\.booking) == ["bk-1"])
        #expect(ledger.visits(at: Small.baseID).first?.headcount == 20)
        // The ledger carries what the rules read, not the activity texts.
        let visit = try #require(ledger.visits(at: Small.baseID).first?.visit)
        #expect(visit.site == booking.visits[0].site)
        #expect(visit.start == booking.visits[0].start && visit.end == booking.visits[0].end)
        #expect(visit.guide == booking.visits[0].guide && visit.kind == booking.visits[0].kind)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func theDecisionSeesTheBookingsAlreadyStored(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        try await Small.insert(Small.booking("bk-1"), into: store)
        _ = try await store.insertBooking(ledger: june10...june10, at: Small.now) { ledger in
          #expect(ledger.entries.map(\.booking) == ["bk-1"])
          return Small.booking("bk-2")
        }
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aDecisionThatThrowsWritesNothing(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        await #expect(throws: Refusal.self) {
          try await store.insertBooking(ledger: self.june10...self.june10, at: Small.now) { _ in
            throw Refusal()
          }
        }
        #expect(try await store.bookings(BookingQuery()).isEmpty)
        #expect(try await store.ledger(june10...june10, at: Small.now).entries.isEmpty)
        // The store still works after the rollback.
        try await Small.insert(Small.booking("bk-1"), into: store)
        #expect(try await store.bookings(BookingQuery()).map(\.id) == ["bk-1"])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aBookingForAnUnknownOrganisationIsRejectedByTheDatabase(_ backend: StoreBackend)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        await #expect(throws: (any Error).self) {
          try await Small.insert(Small.booking("bk-1", organisation: "nobody"), into: store)
        }
        #expect(try await store.booking("bk-1") == nil)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func updateBookingStoresTheChange(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let expiry = Small.now.addingTimeInterval(3_600)
        try await Small.insert(Small.booking("bk-1", state: .held(expiresAt: expiry)), into: store)
        let confirmed = try await store.updateBooking("bk-1") { try $0.confirmed(at: Small.now) }
        #expect(confirmed?.state == .confirmed(at: Small.now))
        #expect(try await store.booking("bk-1")?.state == .confirmed(at: Small.now))
        #expect(try await store.bookings(BookingQuery()).count == 1)
        let ledger = try await store.ledger(june10...june10, at: expiry.addingTimeInterval(60))
        #expect(ledger.entries.map(\.booking) == ["bk-1"], "a confirmed booking does not lapse")
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func updateBookingOfAnUnknownIdReturnsNil(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        #expect(try await store.updateBooking("bk-none") { $0 } == nil)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aChangeThatThrowsLeavesTheBookingAsItWas(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let booking = Small.booking("bk-1")
        try await Small.insert(booking, into: store)
        await #expect(throws: Refusal.self) {
          try await store.updateBooking("bk-1") { _ in throw Refusal() }
        }
        #expect(try await store.booking("bk-1") == booking)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func expireHoldsMarksOnlyLapsedHolds(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let expiry = Small.now.addingTimeInterval(3_600)
        try await Small.insert(
          Small.booking("bk-held", state: .held(expiresAt: expiry)), into: store)
        try await Small.insert(Small.booking("bk-confirmed"), into: store)
        #expect(try await store.expireHolds(at: Small.now) == 0)
        #expect(try await store.ledger(june10...june10, at: Small.now).entries.count == 2)
        #expect(try await store.expireHolds(at: expiry) == 1)
        #expect(try await store.booking("bk-held")?.state == .expired(at: expiry))
        #expect(try await store.booking("bk-confirmed")?.state == .confirmed(at: Small.now))
        #expect(try await store.expireHolds(at: expiry.addingTimeInterval(60)) == 0)
        let ledger = try await store.ledger(june10...june10, at: expiry)
        #expect(ledger.entries.map(\.booking) == ["bk-confirmed"])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func theLedgerLeavesOutLapsedHoldsEvenBeforeTheyAreExpired(_ backend: StoreBackend) async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let expiry = Small.now.addingTimeInterval(3_600)
        try await Small.insert(
          Small.booking("bk-held", state: .held(expiresAt: expiry)), into: store)
        #expect(try await store.ledger(june10...june10, at: Small.now).entries.count == 1)
        #expect(try await store.ledger(june10...june10, at: expiry).entries.isEmpty)
        #expect(
          try await store.booking("bk-held")?.state.name == "held", "stores keep the last write")
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func bookingsAreListedByDateAndOrganisation(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let early = Small.now.addingTimeInterval(-60)
        try await Small.insert(Small.booking("bk-a", on: "2026-06-10"), into: store)
        try await Small.insert(Small.booking("bk-b", on: "2026-06-11"), into: store)
        try await Small.insert(
          Small.booking("bk-c", on: "2026-06-10", organisation: "lille", createdAt: early),
          into: store)
        func ids(_ query: BookingQuery) async throws -> [Booking.ID] {
          try await store.bookings(query).map(\.id)
        }
        #expect(try await ids(BookingQuery()) == ["bk-c", "bk-a", "bk-b"])
        #expect(try await ids(BookingQuery(date: june10)) == ["bk-c", "bk-a"])
        #expect(try await ids(BookingQuery(organisation: "demo")) == ["bk-a", "bk-b"])
        #expect(try await ids(BookingQuery(date: june10, organisation: "demo")) == ["bk-a"])
        #expect(try await ids(BookingQuery(date: LocalDate("2026-06-12")!)).isEmpty)
        let june = LocalDate("2026-06-01")!...LocalDate("2026-06-30")!
        #expect(try await ids(BookingQuery(dates: june)) == ["bk-c", "bk-a", "bk-b"])
        #expect(try await ids(BookingQuery(dates: june10...june10)) == ["bk-c", "bk-a"])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func anIdempotencyKeyReplaysTheBookingItRecorded(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let key = IdempotencyKey(scope: "hold demo", key: "k-1", request: "request one")
        let first = try await store.insertBooking(
          ledger: june10...june10, at: Small.now, idempotency: key
        ) { _ in Small.booking("bk-1") }
        // The same request again: the recorded booking, without deciding again.
        let again = try await store.insertBooking(
          ledger: june10...june10, at: Small.now.addingTimeInterval(60), idempotency: key
        ) { _ in
          Issue.record("a replay must not decide again")
          return Small.booking("bk-2")
        }
        #expect(again == first)
        // Another request with the same key is an error; another scope is another key.
        var other = key
        other.request = "request two"
        await #expect(throws: BookingError.idempotencyKeyReused("k-1")) {
          try await store.insertBooking(
            ledger: self.june10...self.june10, at: Small.now, idempotency: other
          ) { _ in Small.booking("bk-3") }
        }
        var elsewhere = other
        elsewhere.scope = "hold lille"
        _ = try await store.insertBooking(
          ledger: june10...june10, at: Small.now, idempotency: elsewhere
        ) { _ in Small.booking("bk-4") }
        #expect(try await store.bookings(BookingQuery()).map(\.id) == ["bk-1", "bk-4"])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aKeyRacingForTwoRequestsRecordsOneAndRefusesTheOthers(_ backend: StoreBackend)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        // One key sent with ten different requests at once, each for another week: however
        // they interleave, one is recorded and the others are told the key was used.
        let outcomes = await withTaskGroup(of: Result<Booking, any Error>.self) { tasks in
          for week in 0..<10 {
            tasks.addTask {
              let day = LocalDate("2026-06-10")!.adding(days: 7 * week)
              let key = IdempotencyKey(scope: "hold demo", key: "k-1", request: "week \(week)")
              do {
                return .success(
                  try await store.insertBooking(
                    ledger: day...day, at: Small.now, idempotency: key
                  ) { _ in Small.booking(Booking.ID("bk-\(week)"), on: day.description) })
              } catch {
                return .failure(error)
              }
            }
          }
          return await tasks.reduce(into: []) { $0.append($1) }
        }
        let booked = outcomes.compactMap { try? $0.get() }
        #expect(booked.count == 1)
        for case .failure(let error) in outcomes {
          #expect(error as? BookingError == .idempotencyKeyReused("k-1"), "\(error)")
        }
        #expect(try await store.bookings(BookingQuery()).map(\.id) == booked.map(\.id))
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func idempotencyKeysAreForgottenAfterAWeek(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let key = IdempotencyKey(scope: "hold demo", key: "k-1", request: "request one")
        _ = try await store.insertBooking(
          ledger: june10...june10, at: Small.now, idempotency: key
        ) { _ in Small.booking("bk-1") }
        _ = try await store.expireHolds(at: Small.now.addingTimeInterval(8 * 86_400))
        let later = try await store.insertBooking(
          ledger: june10...june10, at: Small.now.addingTimeInterval(8 * 86_400), idempotency: key
        ) { _ in Small.booking("bk-2") }
        #expect(later.id == "bk-2")
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func importBookingsWritesBookingsAsTheyAre(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let expiry = Small.now.addingTimeInterval(3_600)
        let imported = [
          Small.booking("bk-1"), Small.booking("bk-2", state: .held(expiresAt: expiry)),
          Small.booking("bk-3", state: .cancelled(at: Small.now)),
        ]
        try await store.importBookings(imported)
        #expect(try await store.bookings(BookingQuery()) == imported)
        let ledger = try await store.ledger(june10...june10, at: Small.now)
        #expect(Set(ledger.entries.map(\.booking)) == ["bk-1", "bk-2"])
        // One transaction: a batch with a bad booking writes nothing.
        await #expect(throws: (any Error).self) {
          try await store.importBookings([
            Small.booking("bk-4"), Small.booking("bk-5", organisation: "nobody"),
          ])
        }
        #expect(try await store.bookings(BookingQuery()).count == 3)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentUpdatesOfOneBookingAreNeverLost(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        try await Small.insert(Small.booking("bk-1"), into: store)
        // Each update reads the booking and writes it back one person larger: an update that
        // read a stale booking would overwrite another's and lose a person.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
          for _ in 0..<10 {
            tasks.addTask {
              _ = try await store.updateBooking("bk-1") { booking in
                var larger = booking
                larger.group.headcount += 1
                return larger
              }
            }
          }
          try await tasks.waitForAll()
        }
        #expect(try await store.booking("bk-1")?.group.headcount == 30)
      }
    }
  }
}
