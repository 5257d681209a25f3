import Foundation
import Journeys
import JourneysStore
import PostgresNIO
import StoreTestSupport
import Testing

/// What only the PostgreSQL store does: its schema version, reopening a database, `pg_dump`
/// backups, and the invariants the database itself enforces. Runs against the server of
/// `JOURNEYS_TEST_POSTGRES_URL` (scripts/test starts one) and fails without it.
@Suite("PostgresBookingStore: schema, backup and database constraints")
struct PostgresStoreTests {
  let june10 = LocalDate("2026-06-10")!

  /// Whether `error` is PostgreSQL's refusal by an exclusion constraint (SQLSTATE 23P01).
  static func isExclusionViolation(_ error: any Error) -> Bool {
    (error as? PSQLError)?.serverInfo?[.sqlState] == "23P01"
  }

  @Test func aStoreOpensAtTheLatestSchemaVersion() async throws {
    try await withStore(.postgres) { store, _ throws in
      #expect(try await store.schemaStatus() == (11, 11))
      #expect(try await store.migrate() == [])
    }
  }

  @Test func anEmptyDatabaseIsMigratedOnceAndMigratingTwiceAppliesNothing() async throws {
    try await withPostgresDatabase(migrated: false) { url in
      let store = try await PostgresBookingStore.open(url: url, migrate: false, logger: testLogger)
      try await using(store) { store throws in
        #expect(try await store.schemaStatus() == (0, 11))
        #expect(try await store.migrate() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(try await store.migrate() == [])
        #expect(try await store.schemaStatus() == (11, 11))
        #expect(try await store.catalogue() == Catalogue())
      }
    }
  }

  @Test func dataSurvivesClosingAndReopening() async throws {
    try await withPostgresDatabase { url in
      let booking = Small.booking("bk-1")
      try await using(try await PostgresBookingStore.open(url: url, logger: testLogger)) {
        store throws in
        try await Small.prepare(store)
        try await Small.insert(booking, into: store)
      }
      try await using(try await PostgresBookingStore.open(url: url, logger: testLogger)) {
        store throws in
        #expect(try await store.schemaStatus() == (11, 11))
        #expect(try await store.migrate() == [])
        #expect(try await store.booking("bk-1") == booking)
        #expect(try await store.catalogue() == Small.catalogue())
        #expect(try await store.organisations() == [Small.demo, Small.lille])
        let ledger = try await store.ledger(june10...june10, at: Small.now)
        #expect(ledger.entries.map(\.booking) == ["bk-1"])
      }
    }
  }

  @Test func backupWritesAPgDumpFile() async throws {
    try await withStore(.postgres) { store, directory throws in
      try await Small.prepare(store)
      try await Small.insert(Small.booking("bk-1"), into: store)
      let dump = directory.path("journeys.dump")
      try await store.backup(to: dump)
      let data = try Data(contentsOf: URL(fileURLWithPath: dump))
      #expect(!data.isEmpty)
      // pg_dump's custom format, which pg_restore reads, starts with "PGDMP".
      #expect(data.prefix(5) == Data("PGDMP".utf8))
      // A backup never overwrites a file.
      await #expect(throws: StoreError.self) { try await store.backup(to: dump) }
    }
  }

  @Test func theDatabaseRefusesOverlappingLiveVisitsOfOneGuideEvenOnImport() async throws {
    try await withStore(.postgres) { store, _ throws in
      try await Small.prepare(store)
      try await store.importBookings([Small.guided("bk-1")])
      // importBookings checks no rule: only the exclusion constraint stands in the way.
      let alone = await #expect(throws: (any Error).self) {
        try await store.importBookings([Small.guided("bk-2", from: "10:30", to: "11:30")])
      }
      #expect(alone.map(Self.isExclusionViolation) == true, "\(String(reflecting: alone))")
      // Within one import too, and the import writes nothing.
      let together = await #expect(throws: (any Error).self) {
        try await store.importBookings([
          Small.guided("bk-3", from: "14:00", to: "15:00"),
          Small.guided("bk-4", from: "14:59", to: "16:00"),
        ])
      }
      #expect(together.map(Self.isExclusionViolation) == true, "\(String(reflecting: together))")
      #expect(try await store.bookings(BookingQuery()).map(\.id) == ["bk-1"])
      // Back-to-back visits do not overlap: a visit's range excludes its end.
      try await store.importBookings([Small.guided("bk-5", from: "11:00", to: "12:00")])
    }
  }

  @Test func aCancelledBookingNoLongerHoldsItsGuide() async throws {
    try await withStore(.postgres) { store, _ throws in
      try await Small.prepare(store)
      try await store.importBookings([Small.guided("bk-1")])
      let cancelled = try await store.updateBooking("bk-1") { try $0.cancelled(at: Small.now) }
      #expect(cancelled?.state == .cancelled(at: Small.now))
      try await store.importBookings([Small.guided("bk-2")])
      #expect(try await store.bookings(BookingQuery()).map(\.id) == ["bk-1", "bk-2"])
      let ledger = try await store.ledger(june10...june10, at: Small.now)
      #expect(ledger.entries.map(\.booking) == ["bk-2"])
    }
  }

  @Test func aLapsedHoldNoLongerCountsThoughNothingSweptIt() async throws {
    try await withStore(.postgres) { store, _ throws in
      try await Small.prepare(store)
      let expiry = Small.now.addingTimeInterval(3_600)
      try await store.importBookings([Small.guided("bk-held", state: .held(expiresAt: expiry))])
      let before = try await store.ledger(june10...june10, at: expiry.addingTimeInterval(-1))
      #expect(before.entries.map(\.booking) == ["bk-held"])
      #expect(try await store.ledger(june10...june10, at: expiry).entries.isEmpty)
      #expect(
        try await store.ledger(june10...june10, at: expiry.addingTimeInterval(60)).entries.isEmpty)
      #expect(try await store.booking("bk-held")?.state == .held(expiresAt: expiry))
      // A booking decided after the lapse may take the guide: the store frees the lapsed hold's
      // time ranges before it writes.
      let later = expiry.addingTimeInterval(60)
      let taken = try await store.insertBooking(ledger: june10...june10, at: later) { ledger in
        #expect(ledger.entries.isEmpty)
        return Small.guided("bk-new")
      }
      #expect(taken.id == "bk-new")
      // The lapsed row itself is written by the sweep; until then readers settle it.
      #expect(try await store.booking("bk-held")?.settled(at: later).state == .expired(at: expiry))
      #expect(try await store.expireHolds(at: later) == 1)
      #expect(try await store.booking("bk-held")?.state == .expired(at: expiry))
    }
  }

  @Test func aConfirmationDecidedBeforeTheLapseNeverRevivesAHoldAnotherHoldReleased() async throws {
    try await Self.withTwoProcesses { first, second in
      try await Small.prepare(first)
      let expiry = Small.now.addingTimeInterval(3_600)
      try await first.importBookings([Small.guided("bk-held", state: .held(expiresAt: expiry))])
      // A hold decided after the lapse, in another process, takes the guide's time...
      let later = expiry.addingTimeInterval(60)
      _ = try await second.insertBooking(ledger: june10...june10, at: later) { ledger in
        #expect(ledger.entries.isEmpty)
        return Small.guided("bk-new")
      }
      // ...so a confirmation decided by a process whose clock is still before the lapse is
      // refused as expired rather than written over the new booking.
      await #expect(throws: BookingError.transition(.holdExpired("bk-held", at: expiry))) {
        try await first.updateBooking("bk-held") { try $0.confirmed(at: Small.now) }
      }
      #expect(try await first.booking("bk-held")?.state == .held(expiresAt: expiry))
      // A headcount change decided by that clock is refused the same way.
      let behind = BookingService(store: first, clock: FixedClock(instant: Small.now))
      await #expect(throws: BookingError.transition(.holdExpired("bk-held", at: expiry))) {
        try await behind.change("bk-held", to: .init(headcount: 10), ifRevision: nil)
      }
      let ledger = try await second.ledger(june10...june10, at: Small.now)
      #expect(ledger.entries.map(\.booking) == ["bk-new"])
      // Nor does a re-plan decided by that clock see the released hold as one to staff.
      let active = try await first.updateBookings(in: june10...june10, at: Small.now) { active in
        ([], active.map(\.id))
      }
      #expect(active == ["bk-new"])
    }
  }

  @Test func theSweepExpiresEveryLapsedHoldInShortTransactions() async throws {
    try await withStore(.postgres) { store, _ throws in
      try await Small.prepare(store)
      let expiry = Small.now.addingTimeInterval(3_600)
      let count = 2 * PostgresBookingStore.expiryBatch + 7
      try await store.importBookings(
        (0..<count).map { Small.booking(Booking.ID("bk-\($0)"), state: .held(expiresAt: expiry)) })
      #expect(try await store.expireHolds(at: expiry) == count)
      let states = try await store.bookings(BookingQuery()).map(\.state)
      #expect(states == Array(repeating: .expired(at: expiry), count: count))
      #expect(try await store.expireHolds(at: expiry) == 0)
    }
  }

  /// Two stores on one database stand for two API processes.
  static func withTwoProcesses(
    _ body: (PostgresBookingStore, PostgresBookingStore) async throws -> Void
  ) async throws {
    try await withPostgresDatabase { url in
      let first = try await PostgresBookingStore.open(url: url, logger: testLogger)
      try await using(first) { first throws in
        let second = try await PostgresBookingStore.open(url: url, logger: testLogger)
        try await using(second) { second throws in try await body(first, second) }
      }
    }
  }

  @Test func whatOneProcessChangesInTheCatalogueOrGuidesAnotherSeesAtOnce() async throws {
    try await Self.withTwoProcesses { first, second in
      try await Small.prepare(first)
      // The second process has read, and so cached, the reference data.
      #expect(try await second.referenceData().guides.isEmpty)
      #expect(try await second.catalogue() == Small.catalogue())
      let guide = Guide(id: "guide-new", name: "Nouvelle", languages: ["fr"])
      try await first.save(guide)
      #expect(try await second.guides().map(\.id) == ["guide-new"])
      let smaller = Small.catalogue(
        capacity: .init(maxGroupSize: 10, simultaneousGroups: 1, groupsPerDay: 1))
      _ = try await first.publish(smaller, at: Small.now)
      #expect(try await second.catalogue() == smaller)
      try await first.save(Organisation(id: "arras", name: "Arras"))
      #expect(try await second.organisations().map(\.id) == ["arras", "demo", "lille"])
    }
  }

  @Test func concurrentChangesToOneBookingAreAppliedOneAfterTheOther() async throws {
    try await Self.withTwoProcesses { first, second in
      try await Small.prepare(first)
      let hold = Small.booking("bk-1", state: .held(expiresAt: Small.now.addingTimeInterval(3_600)))
      try await Small.insert(hold, into: first)
      // Twenty cancellations, each only of a booking still held, race from two processes:
      // a lost update would let several of them find it held and write.
      let outcomes = await withTaskGroup(of: Bool.self) { group in
        for attempt in 0..<20 {
          let store = attempt.isMultiple(of: 2) ? first : second
          group.addTask {
            let written = try? await store.updateBooking("bk-1") { booking in
              guard case .held = booking.state else { throw CancellationError() }
              return try booking.cancelled(at: Small.now)
            }
            return written != nil
          }
        }
        return await group.reduce(into: [Bool]()) { $0.append($1) }
      }
      #expect(outcomes.filter { $0 }.count == 1)
      #expect(try await second.booking("bk-1")?.state == .cancelled(at: Small.now))
    }
  }
}
