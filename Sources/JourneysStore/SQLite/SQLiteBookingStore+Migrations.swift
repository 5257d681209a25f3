import Foundation
import SQLiteNIO

extension SQLiteBookingStore {
  /// The schema version of the file and the latest this build knows.
  public func schemaStatus() async throws -> (current: Int, latest: Int) {
    let current = try await exclusive { db in try await Self.schemaVersion(db) }
    return (current, SQLiteMigrations.all.map(\.version).max() ?? 0)
  }

  /// Applies the migrations the file does not have yet, each in its own transaction.
  /// Returns the versions applied.
  @discardableResult
  public func migrate() async throws -> [Int] {
    try await exclusive(write: true) { db in
      _ = try await db.query(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at REAL NOT NULL
        ) STRICT
        """)
      let current = try await Self.schemaVersion(db)
      let latest = SQLiteMigrations.all.map(\.version).max() ?? 0
      guard current <= latest else { throw StoreError.schemaTooNew(found: current, known: latest) }
      var applied: [Int] = []
      for migration in SQLiteMigrations.all where migration.version > current {
        for statement in migration.statements { _ = try await db.query(statement) }
        _ = try await db.query(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          [
            .integer(migration.version), .text(migration.name),
            .float(Date().timeIntervalSince1970),
          ])
        applied.append(migration.version)
      }
      return applied
    }
  }

  /// Copies the live database to `destination` with SQLite's `VACUUM INTO`, a consistent
  /// online backup that does not block readers.
  public func backup(to destination: String) async throws {
    if FileManager.default.fileExists(atPath: destination) {
      throw StoreError.backupExists(destination)
    }
    do {
      try await exclusive { db in
        _ = try await db.query("VACUUM INTO ?", [.text(destination)])
      }
    } catch let error as SQLiteError where error.reason == .cantOpen {
      throw StoreError.cannotOpen(destination, error.message)
    }
  }

  static func schemaVersion(_ db: SQLiteConnection) async throws -> Int {
    let exists = try await db.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    guard !exists.isEmpty else { return 0 }
    return try await db.query("SELECT MAX(version) AS v FROM schema_migrations").first?.column("v")?
      .integer ?? 0
  }
}
