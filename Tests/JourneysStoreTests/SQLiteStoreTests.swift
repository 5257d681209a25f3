import Foundation
import Journeys
import StoreTestSupport
import Testing

@testable import JourneysStore

/// What only the SQLite store does: a file that is reopened or shared with the admin tool,
/// `VACUUM INTO` backups and its own schema versions. The behaviour it shares with PostgreSQL is in `StoreConformance`.
@Suite("SQLiteBookingStore: file, backup and schema versions")
struct SQLiteStoreTests {
  @Test func theCachedLedgerFollowsWritesAndSurvivesWritesThatChangeNothing() async throws {
    try await withSQLiteStore { store, _ in
      try await Small.prepare(store)
      let june10 = LocalDate("2026-06-10")!
      #expect(try await store.ledger(june10...june10, at: Small.now).entries.isEmpty)
      try await Small.insert(Small.booking("bk-1"), into: store)
      #expect(try await store.ledger(june10...june10, at: Small.now).entries.count == 1)
      // The sweep finds nothing to expire: the cached week stays right.
      #expect(try await store.expireHolds(at: Small.now) == 0)
      #expect(try await store.ledger(june10...june10, at: Small.now).entries.count == 1)
      _ = try await store.updateBooking("bk-1") { try $0.cancelled(at: Small.now) }
      #expect(try await store.ledger(june10...june10, at: Small.now).entries.isEmpty)
    }
  }

  @Test func aHoldDecidesFromAPublicationThatCommittedWhileItWaitedForTheWriteLock()
    async throws
  {
    try await withSQLiteStore { store, directory in
      try await Small.prepare(store)
      // A running service has the catalogue in its cache.
      #expect(try await store.catalogue().journey(Small.journeyID) != nil)
      try await withSQLiteStore(at: directory.path("journeys.sqlite")) { admin in
        // The admin tool, on the same file, withdraws the journey and is slow to commit.
        let (entered, signal) = AsyncStream.makeStream(of: Void.self)
        let publication = Task {
          try await admin.exclusive(write: true) { db in
            _ = try await db.query("UPDATE journeys SET listed = 0")
            signal.yield()
            try await Task.sleep(for: .milliseconds(300))
          }
        }
        var inside = entered.makeAsyncIterator()
        await inside.next()
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        let request = BookingService.HoldRequest(
          journey: Small.journeyID, date: LocalDate("2026-06-10")!, group: Small.group())
        await #expect(throws: BookingError.unknownJourney(Small.journeyID)) {
          try await service.hold(request)
        }
        try await publication.value
      }
    }
  }

  @Test func migratingTwiceChangesNothing() async throws {
    try await withSQLiteStore(migrate: false) { store, _ throws in
      #expect(try await store.schemaStatus() == (0, 5))
      #expect(try await store.migrate() == [1, 2, 3, 4, 5])
      #expect(try await store.migrate() == [])
      #expect(try await store.schemaStatus() == (5, 5))
    }
  }

  @Test func aNewFileIsAtTheLatestVersion() async throws {
    try await withSQLiteStore { store, _ throws in
      #expect(try await store.schemaStatus() == (5, 5))
    }
  }

  @Test func dataSurvivesClosingAndReopening() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("var/journeys.sqlite")
    let booking = Small.booking("bk-1")
    try await withSQLiteStore(at: path) { store throws in
      try await Small.prepare(store)
      try await Small.insert(booking, into: store)
    }
    try await withSQLiteStore(at: path) { store throws in
      #expect(try await store.schemaStatus() == (5, 5))
      #expect(try await store.migrate() == [])
      #expect(try await store.booking("bk-1") == booking)
      #expect(try await store.catalogue() == Small.catalogue())
      #expect(try await store.organisations() == [Small.demo, Small.lille])
    }
  }

  @Test func backupWritesAReadableCopy() async throws {
    try await withSQLiteStore { store, directory throws in
      try await Small.prepare(store)
      let booking = Small.booking("bk-1")
      try await Small.insert(booking, into: store)
      let copy = directory.path("backup/copy.sqlite")
      try FileManager.default.createDirectory(
        atPath: directory.path("backup"), withIntermediateDirectories: true)
      try await store.backup(to: copy)
      #expect(FileManager.default.fileExists(atPath: copy))
      try await withSQLiteStore(at: copy) { restored throws in
        #expect(try await restored.booking("bk-1") == booking)
        #expect(try await restored.catalogue() == Small.catalogue())
        #expect(try await restored.schemaStatus() == (5, 5))
      }
      // A backup never overwrites a file.
      await #expect(throws: StoreError.self) { try await store.backup(to: copy) }
    }
  }
}
