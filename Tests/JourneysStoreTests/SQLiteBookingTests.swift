import Foundation
import Journeys
import JourneysStore
import Testing

@Suite("SQLiteBookingStore: bookings")
struct SQLiteBookingTests {
  struct Refusal: Error {}

  let june10 = LocalDate("2026-06-10")!

  @Test func insertBookingStoresTheBookingAndItsVisitsInTheLedger() async throws {
    try await withStore { store, _ throws in
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

  @Test func theDecisionSeesTheBookingsAlreadyStored() async throws {
    try await withStore { store, _ throws in
      try await Small.prepare(store)
      try await Small.insert(Small.booking("bk-1"), into: store)
      _ = try await store.insertBooking(ledger: june10...june10, at: Small.now) { ledger in
        #expect(ledger.entries.map(\.booking) == ["bk-1"])
        return Small.booking("bk-2")
      }
    }
  }

  @Test func aDecisionThatThrowsWritesNothing() async throws {
    try await withStore { store, _ throws in
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

  @Test func aBookingForAnUnknownOrganisationIsRejectedByTheDatabase() async throws {
    try await withStore { store, _ throws in
      try await Small.prepare(store)
      await #expect(throws: (any Error).self) {
        try await Small.insert(Small.booking("bk-1", organisation: "nobody"), into: store)
      }
      #expect(try await store.booking("bk-1") == nil)
    }
  }

  @Test func updateBookingStoresTheChange() async throws {
    try await withStore { store, _ throws in
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

  @Test func updateBookingOfAnUnknownIdReturnsNil() async throws {
    try await withStore { store, _ throws in
      #expect(try await store.updateBooking("bk-none") { $0 } == nil)
    }
  }

  @Test func aChangeThatThrowsLeavesTheBookingAsItWas() async throws {
    try await withStore { store, _ throws in
      try await Small.prepare(store)
      let booking = Small.booking("bk-1")
      try await Small.insert(booking, into: store)
      await #expect(throws: Refusal.self) {
        try await store.updateBooking("bk-1") { _ in throw Refusal() }
      }
      #expect(try await store.booking("bk-1") == booking)
    }
  }

  @Test func expireHoldsMarksOnlyLapsedHolds() async throws {
    try await withStore { store, _ throws in
      try await Small.prepare(store)
      let expiry = Small.now.addingTimeInterval(3_600)
      try await Small.insert(Small.booking("bk-held", state: .held(expiresAt: expiry)), into: store)
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

  @Test func theLedgerLeavesOutLapsedHoldsEvenBeforeTheyAreExpired() async throws {
    try await withStore { store, _ throws in
      try await Small.prepare(store)
      let expiry = Small.now.addingTimeInterval(3_600)
      try await Small.insert(Small.booking("bk-held", state: .held(expiresAt: expiry)), into: store)
      #expect(try await store.ledger(june10...june10, at: Small.now).entries.count == 1)
      #expect(try await store.ledger(june10...june10, at: expiry).entries.isEmpty)
      #expect(
        try await store.booking("bk-held")?.state.name == "held", "stores keep the last write")
    }
  }

  @Test func bookingsAreListedByDateAndOrganisation() async throws {
    try await withStore { store, _ throws in
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
    }
  }

  @Test func dataSurvivesClosingAndReopening() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("var/journeys.sqlite")
    let booking = Small.booking("bk-1")
    try await withStore(at: path) { store throws in
      try await Small.prepare(store)
      try await Small.insert(booking, into: store)
    }
    try await withStore(at: path) { store throws in
      #expect(try await store.schemaStatus() == (3, 3))
      #expect(try await store.migrate() == [])
      #expect(try await store.booking("bk-1") == booking)
      #expect(try await store.catalogue() == Small.catalogue())
      #expect(try await store.organisations() == [Small.demo, Small.lille])
    }
  }

  @Test func backupWritesAReadableCopy() async throws {
    try await withStore { store, directory throws in
      try await Small.prepare(store)
      let booking = Small.booking("bk-1")
      try await Small.insert(booking, into: store)
      let copy = directory.path("backup/copy.sqlite")
      try FileManager.default.createDirectory(
        atPath: directory.path("backup"), withIntermediateDirectories: true)
      try await store.backup(to: copy)
      #expect(FileManager.default.fileExists(atPath: copy))
      try await withStore(at: copy) { restored throws in
        #expect(try await restored.booking("bk-1") == booking)
        #expect(try await restored.catalogue() == Small.catalogue())
        #expect(try await restored.schemaStatus() == (3, 3))
      }
      // A backup never overwrites a file.
      await #expect(throws: StoreError.self) { try await store.backup(to: copy) }
    }
  }
}
