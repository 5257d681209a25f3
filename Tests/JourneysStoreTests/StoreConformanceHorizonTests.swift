import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  @Suite("changing the bookings of a horizon at once")
  struct Horizons {
    struct Refusal: Error {}

    let june10 = LocalDate("2026-06-10")!

    @Test(arguments: StoreBackend.allCases)
    func twoGuidesSwapOverlappingVisitsInOneChange(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        var cancelled = Small.booking("bk-gone", state: .cancelled(at: Small.now))
        cancelled.visits = []
        try await store.importBookings([
          Small.guided("bk-a", guide: "guide-a"), Small.guided("bk-b", guide: "guide-b"), cancelled,
        ])
        let seen = try await store.updateBookings(in: june10...june10, at: Small.now) {
          bookings in
          // Only the active bookings of the dates are given.
          let swapped = bookings.map { booking in
            var copy = booking
            copy.visits[0].guide = booking.visits[0].guide == "guide-a" ? "guide-b" : "guide-a"
            return copy
          }
          return (swapped, bookings.map(\.id))
        }
        #expect(seen == ["bk-a", "bk-b"])
        let a = try await store.booking("bk-a")
        let b = try await store.booking("bk-b")
        #expect(a?.visits.first?.guide == "guide-b")
        #expect(b?.visits.first?.guide == "guide-a")
        #expect(a?.revision == 1 && b?.revision == 1)
        let ledger = try await store.ledger(june10...june10, at: Small.now)
        #expect(Set(ledger.entries.compactMap(\.visit.guide)) == ["guide-a", "guide-b"])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aRefusedChangeWritesNothing(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        try await store.importBookings([Small.guided("bk-a", guide: "guide-a")])
        await #expect(throws: Refusal.self) {
          _ = try await store.updateBookings(in: june10...june10, at: Small.now) {
            _ throws -> ([Booking], Int) in
            throw Refusal()
          }
        }
        #expect(try await store.booking("bk-a") == Small.guided("bk-a", guide: "guide-a"))
      }
    }
  }
}

extension StoreConformance {
  @Suite("changing a guide")
  struct GuideChanges {
    @Test(arguments: StoreBackend.allCases)
    func concurrentChangesToAGuideAreAllKept(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await store.save(Guide(id: "guide-a", name: "A", languages: ["fr"]))
        // Ten absences recorded at once: a lost update would keep fewer.
        try await withThrowingTaskGroup(of: Void.self) { group in
          for day in 1...10 {
            group.addTask {
              _ = try await store.updateGuide("guide-a") { guide in
                var updated = guide
                let start = Small.instant("2026-06-\(String(format: "%02d", day))", "00:00")
                updated.unavailable =
                  (guide.unavailable ?? []) + [
                    .init(start: start, end: start.addingTimeInterval(86_400))
                  ]
                return updated
              }
            }
          }
          try await group.waitForAll()
        }
        #expect(try await store.guides().first?.unavailable?.count == 10)
        #expect(try await store.updateGuide("guide-none") { $0 } == nil)
      }
    }
  }
}
