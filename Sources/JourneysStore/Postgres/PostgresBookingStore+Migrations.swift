import Foundation
import PostgresNIO

extension PostgresBookingStore {
  public func schemaStatus() async throws -> (current: Int, latest: Int) {
    let latest = PostgresMigrations.all.map(\.version).max() ?? 0
    let current = try await client.withConnection { db in try await schemaVersion(db) }
    return (current, latest)
  }

  /// Applies pending migrations in one transaction, under an advisory lock so that several
  /// processes starting at once migrate only once.
  @discardableResult
  public func migrate() async throws -> [Int] {
    try await transaction { db in
      // Building an index on a large table, or waiting for another process's migration, may
      // take longer than a request's statement is allowed.
      try await db.query("SET LOCAL statement_timeout = 0", logger: logger)
      try await db.query("SELECT pg_advisory_xact_lock(7000)", logger: logger)
      try await db.query(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)
        """, logger: logger)
      let current = try await schemaVersion(db)
      let latest = PostgresMigrations.all.map(\.version).max() ?? 0
      guard current <= latest else { throw StoreError.schemaTooNew(found: current, known: latest) }
      var applied: [Int] = []
      for migration in PostgresMigrations.all where migration.version > current {
        for statement in migration.statements {
          try await db.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await db.query(
          """
          INSERT INTO schema_migrations (version, name, applied_at)
          VALUES (\(migration.version), \(migration.name), now())
          """, logger: logger)
        applied.append(migration.version)
      }
      return applied
    }
  }

  func schemaVersion(_ db: PostgresConnection) async throws -> Int {
    let exists = try await db.query(
      "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
    for try await present in exists.decode(Bool.self) where !present { return 0 }
    for try await version in try await db.query(
      "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: logger
    ).decode(Int.self) {
      return version
    }
    return 0
  }

  /// Writes a consistent dump of the database with `pg_dump` (custom format, for `pg_restore`).
  public func backup(to destination: String) async throws {
    if FileManager.default.fileExists(atPath: destination) {
      throw StoreError.backupExists(destination)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "pg_dump", "--format=custom", "--file", destination, "--host", url.host, "--port",
      String(url.port), "--username", url.user, url.database,
    ]
    var environment = ProcessInfo.processInfo.environment
    if let password = url.password { environment["PGPASSWORD"] = password }
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let message = String(
        decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      throw StoreError.unsupportedDatabase("pg_dump failed: \(message)")
    }
  }
}
