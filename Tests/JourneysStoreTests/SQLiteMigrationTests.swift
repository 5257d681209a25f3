import Foundation
import Journeys
import SQLiteNIO
import StoreTestSupport
import Testing

@testable import JourneysStore

@Suite("SQLite migrations")
struct SQLiteMigrationTests {
  @Test func migrationTwoBackfillsTheLedgerColumnsOfExistingBookings() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("old.sqlite")
    // A database as version 1 left it, with one booking.
    try await withSQLiteStore(at: path) { store in
      try await Small.prepare(store)
      try await store.importBookings([Small.booking("bk-old")])
    }
    let raw = try await SQLiteConnection.open(storage: .file(path: path))
    _ = try await raw.query("DELETE FROM schema_migrations WHERE version >= 2")
    _ = try await raw.query("DROP TABLE idempotency_keys")
    for table in ["access_tokens", "audit_log", "webhook_deliveries", "job_leases"] {
      _ = try await raw.query("DROP TABLE \(table)")
    }
    _ = try await raw.query("DROP INDEX bookings_by_state_date")
    for column in ["headcount"] {
      _ = try await raw.query("ALTER TABLE bookings DROP COLUMN \(column)")
    }
    for column in ["kind", "guided"] {
      _ = try await raw.query("ALTER TABLE visits DROP COLUMN \(column)")
    }
    try await raw.close()

    try await withSQLiteStore(at: path) { store in
      #expect(try await store.schemaStatus() == (5, 5))
      let june10 = LocalDate("2026-06-10")!
      let ledger = try await store.ledger(june10...june10, at: Small.now)
      let entry = try #require(ledger.entries.first)
      #expect(entry.booking == "bk-old")
      #expect(entry.headcount == Small.booking("bk-old").group.headcount)
      #expect(entry.visit.kind == .visit)
    }
  }
}
