import Foundation
import Journeys
import Logging
import SQLiteNIO
import Synchronization

/// The embedded store: one SQLite file, created and migrated on first open.
///
/// All access goes through one connection guarded by a FIFO lock, so that each operation —
/// and in particular the read-decide-write of `insertBooking` — runs alone. Write transactions
/// are `BEGIN IMMEDIATE` so that a second process on the same file waits instead of
/// interleaving, and `synchronous = FULL` so that an acknowledged write survives a crash.
public final class SQLiteBookingStore: BookingStore {
  let connection: SQLiteConnection
  let lock = AsyncLock()
  public let path: String
  /// The decoded catalogue and guides, read on every availability check. Valid while SQLite's
  /// `data_version` (bumped by other connections' commits) is unchanged and this connection has
  /// not written since.
  let cache = Mutex(ReadCache())

  struct ReadCache {
    var dataVersion: Int?
    var catalogue: Catalogue?
    var guides: [Guide]?
    /// Visits of confirmed and held bookings by week (the day number of its Monday), with the
    /// hold's expiry so that a hold lapsing later is filtered out when read, not when cached.
    var weeks: [Int: [(entry: Ledger.Entry, expiresAt: Date?)]] = [:]
  }

  private init(connection: SQLiteConnection, path: String) {
    self.connection = connection
    self.path = path
  }

  /// Opens (creating it and its directory if needed) and migrates the database at `path`.
  ///
  /// A write waits up to `busyTimeout` for another process's write on the same file (a backup,
  /// an admin command); past it, it fails as a store outage (the API answers 503, try again).
  public static func open(
    path: String, migrate: Bool = true, busyTimeout: Duration = .seconds(10),
    logger: Logger = Logger(label: "journeys.sqlite")
  ) async throws -> SQLiteBookingStore {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let connection: SQLiteConnection
    do {
      connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
    } catch let error as SQLiteError {
      throw StoreError.cannotOpen(path, error.message)
    }
    let store = SQLiteBookingStore(connection: connection, path: path)
    do {
      for pragma in [
        "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = \(Int(busyTimeout / .milliseconds(1)))",
      ] {
        _ = try await connection.query(pragma)
      }
      if migrate { try await store.migrate() }
    } catch let error as SQLiteError where error.reason == .notADatabase {
      try? await connection.close()
      throw StoreError.notADatabase(path)
    } catch {
      try? await connection.close()
      throw error
    }
    return store
  }

  /// Closes the connection; the store cannot be used afterwards.
  public func close() async throws { try await connection.close() }

  /// Runs `body` alone on the connection, inside a write transaction when `write` is true.
  func exclusive<T: Sendable>(
    write: Bool = false, _ body: @Sendable (SQLiteConnection) async throws -> T
  ) async throws -> T {
    try await lock.withLock {
      guard write else { return try await body(connection) }
      _ = try await connection.query("BEGIN IMMEDIATE")
      let changesBefore = try await totalChanges()
      do {
        let result = try await body(connection)
        // Empty the read cache only when rows changed: the hold-expiry sweep runs every
        // minute and usually changes nothing.
        if try await totalChanges() != changesBefore { cache.withLock { $0 = ReadCache() } }
        _ = try await connection.query("COMMIT")
        return result
      } catch {
        _ = try? await connection.query("ROLLBACK")
        throw error
      }
    }
  }

  // MARK: - Catalogue

  /// Rows inserted, updated or deleted on this connection since it opened.
  private func totalChanges() async throws -> Int? {
    try await connection.query("SELECT total_changes() AS n").first?.column("n")?.integer
  }

  /// Forgets what was cached when another connection has committed since.
  func checkDataVersion(_ db: SQLiteConnection) async throws {
    let version = try await db.query("PRAGMA data_version").first?.column("data_version")?.integer
    cache.withLock { state in
      if state.dataVersion != version { state = ReadCache(dataVersion: version) }
    }
  }

  /// A cached value when nothing was written since it was read, else `read` anew.
  func cached<T: Sendable>(
    _ path: WritableKeyPath<ReadCache, T?> & Sendable,
    _ read: @Sendable (SQLiteConnection) async throws -> T
  ) async throws -> T {
    try await exclusive { db in try await cached(path, on: db, read) }
  }

  /// `cached` on a connection the caller already holds alone, inside its transaction if any.
  func cached<T: Sendable>(
    _ path: WritableKeyPath<ReadCache, T?> & Sendable, on db: SQLiteConnection,
    _ read: @Sendable (SQLiteConnection) async throws -> T
  ) async throws -> T {
    try await checkDataVersion(db)
    if let hit = cache.withLock({ $0[keyPath: path] }) { return hit }
    let value = try await read(db)
    cache.withLock { $0[keyPath: path] = value }
    return value
  }

  /// The three reads at once, on one snapshot of the file.
  public func referenceData() async throws -> ReferenceData {
    try await exclusive { db in try await reference(db) }
  }

  /// The reference data read on `db`, which the caller holds alone.
  func reference(_ db: SQLiteConnection) async throws -> ReferenceData {
    ReferenceData(
      catalogue: try await cached(\.catalogue, on: db, Self.readCatalogue),
      guides: try await cached(\.guides, on: db, Self.readGuides),
      organisations: try await Self.readOrganisations(db))
  }

  public func catalogue() async throws -> Catalogue {
    try await cached(\.catalogue, Self.readCatalogue)
  }

  @Sendable static func readCatalogue(_ db: SQLiteConnection) async throws -> Catalogue {
    let sites = try await db.query("SELECT body FROM sites ORDER BY id").map {
      try StoredJSON.decode(Site.self, $0.text("body"))
    }
    let journeys = try await db.query(
      "SELECT body FROM journeys WHERE listed = 1 ORDER BY id"
    ).map { try StoredJSON.decode(Journey.self, $0.text("body")) }
    return Catalogue(sites: sites, journeys: journeys)
  }

  public func publish(_ catalogue: Catalogue, at now: Date, dryRun: Bool) async throws
    -> PublicationPlan
  {
    try await exclusive(write: true) { db in
      let published = try await db.query("SELECT body FROM journeys WHERE id NOT LIKE 'custom-%'")
        .map {
          try StoredJSON.decode(Journey.self, $0.text("body"))
        }
      var offered: [Journey.ID: Int] = [:]
      for row in try await db.query("SELECT id, version FROM journeys WHERE listed = 1") {
        offered[Journey.ID(try row.text("id"))] = try row.int("version")
      }
      let sites = try await db.query("SELECT body FROM sites ORDER BY id").map {
        try StoredJSON.decode(Site.self, $0.text("body"))
      }
      let plan = try PublicationPlan.make(
        published: published, offered: offered, sites: sites, incoming: catalogue)
      if dryRun { return plan }
      _ = try await db.query("DELETE FROM sites")
      for site in catalogue.sites {
        _ = try await db.query(
          "INSERT INTO sites (id, body) VALUES (?, ?)",
          [.text(site.id.rawValue), .text(try StoredJSON.encode(site))])
      }
      _ = try await db.query("UPDATE journeys SET listed = 0")
      for journey in plan.newVersions {
        _ = try await db.query(
          "INSERT INTO journeys (id, version, listed, published_at, body) VALUES (?, ?, 0, ?, ?)",
          [
            .text(journey.id.rawValue), .integer(journey.version),
            .float(now.timeIntervalSince1970), .text(try StoredJSON.encode(journey)),
          ])
      }
      for journey in catalogue.journeys {
        _ = try await db.query(
          "UPDATE journeys SET listed = 1 WHERE id = ? AND version = ?",
          [.text(journey.id.rawValue), .integer(journey.version)])
      }
      try await Self.record(.publication(plan, catalogue, at: now), db)
      return plan
    }
  }

  public func journey(_ id: Journey.ID, version: Int?) async throws -> Journey? {
    try await exclusive { db in
      let rows =
        if let version {
          try await db.query(
            "SELECT body FROM journeys WHERE id = ? AND version = ?",
            [.text(id.rawValue), .integer(version)])
        } else {
          try await db.query(
            """
            SELECT body FROM journeys WHERE id = ? AND (listed = 1 OR ?)
            ORDER BY version DESC LIMIT 1
            """, [.text(id.rawValue), .integer(id.isCustom ? 1 : 0)])
        }
      return try rows.first.map { try StoredJSON.decode(Journey.self, $0.text("body")) }
    }
  }

  public func saveCustomJourney(_ journey: Journey, at now: Date) async throws {
    guard journey.id.isCustom else { throw StoreError.notCustom(journey.id) }
    let body = try StoredJSON.encode(journey)
    try await exclusive(write: true) { db in
      _ = try await db.query(
        """
        INSERT INTO journeys (id, version, listed, published_at, body) VALUES (?, ?, 0, ?, ?)
        ON CONFLICT (id, version) DO NOTHING
        """,
        [
          .text(journey.id.rawValue), .integer(journey.version),
          .float(now.timeIntervalSince1970), .text(body),
        ])
    }
  }

  // MARK: - Guides and organisations

  public func guides() async throws -> [Guide] {
    try await cached(\.guides, Self.readGuides)
  }

  @Sendable static func readGuides(_ db: SQLiteConnection) async throws -> [Guide] {
    try await db.query("SELECT body FROM guides ORDER BY id").map {
      try StoredJSON.decode(Guide.self, $0.text("body"))
    }
  }

  public func save(_ guide: Guide) async throws {
    let body = try StoredJSON.encode(guide)
    try await exclusive(write: true) { db in
      let before = try await Self.guide(guide.id, db)
      _ = try await db.query(
        "INSERT INTO guides (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
        [.text(guide.id.rawValue), .text(body)])
      try await Self.record(
        .object(
          "guide:\(guide.id)", action: "guide.saved", before: before?.redacted,
          after: guide.redacted,
          at: Date()),
        db)
    }
  }

  public func updateGuide(_ id: Guide.ID, _ change: @Sendable (Guide) throws -> Guide)
    async throws -> Guide?
  {
    try await exclusive(write: true) { db in
      guard let current = try await Self.guide(id, db) else { return nil }
      let updated = try change(current)
      guard updated != current else { return current }
      _ = try await db.query(
        "UPDATE guides SET body = ? WHERE id = ?",
        [.text(try StoredJSON.encode(updated)), .text(id.rawValue)])
      try await Self.record(
        .object(
          "guide:\(id)", action: "guide.changed", before: current.redacted,
          after: updated.redacted, at: Date()),
        db)
      return updated
    }
  }

  public func organisations() async throws -> [Organisation] {
    try await exclusive { db in try await Self.readOrganisations(db) }
  }

  static func readOrganisations(_ db: SQLiteConnection) async throws -> [Organisation] {
    try await db.query("SELECT body FROM organisations ORDER BY id").map {
      try StoredJSON.decode(Organisation.self, $0.text("body"))
    }
  }

  public func save(_ organisation: Organisation) async throws {
    let body = try StoredJSON.encode(organisation)
    try await exclusive(write: true) { db in
      let before = try await db.query(
        "SELECT body FROM organisations WHERE id = ?", [.text(organisation.id.rawValue)]
      ).first.map { try StoredJSON.decode(Organisation.self, $0.text("body")) }
      _ = try await db.query(
        "INSERT INTO organisations (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
        [.text(organisation.id.rawValue), .text(body)])
      try await Self.record(
        .object(
          "organisation:\(organisation.id)", action: "organisation.saved",
          before: before?.redacted, after: organisation.redacted, at: Date()), db)
    }
  }

  static func guide(_ id: Guide.ID, _ db: SQLiteConnection) async throws -> Guide? {
    try await db.query("SELECT body FROM guides WHERE id = ?", [.text(id.rawValue)]).first.map {
      try StoredJSON.decode(Guide.self, $0.text("body"))
    }
  }
}

extension SQLiteRow {
  /// The text of a column that must be there.
  func text(_ column: String) throws -> String {
    guard let value = self.column(column)?.string else {
      throw StoreError.corrupt("missing column \(column)")
    }
    return value
  }

  /// The integer of a column that must be there.
  func int(_ column: String) throws -> Int {
    guard let value = self.column(column)?.integer else {
      throw StoreError.corrupt("missing column \(column)")
    }
    return value
  }
}

/// A failure of the storage layer itself (not of a business rule).
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A row could not be read back as a domain value.
  case corrupt(String)
  /// The database was written by a newer version of the service.
  case schemaTooNew(found: Int, known: Int)
  /// The database URL or path is not one this service can use.
  case unsupportedDatabase(String)
  /// Only journeys assembled for a group are saved one by one; the catalogue is published.
  case notCustom(Journey.ID)
  /// No database file where one must already be.
  case missingDatabase(String)
  /// A backup would overwrite an existing file.
  case backupExists(String)
  /// The PostgreSQL server at a host and port could not be reached, and why.
  case unreachable(String, String)
  /// A file that is not a SQLite database (or an empty one where a database must be).
  case notADatabase(String)
  /// A file that cannot be opened or created there, and what SQLite said.
  case cannotOpen(String, String)

  public var description: String {
    switch self {
    case .corrupt(let what): "the database holds an unreadable row: \(what)"
    case .schemaTooNew(let found, let known):
      "the database schema is at version \(found) but this build knows only up to \(known); upgrade the service"
    case .unsupportedDatabase(let what): "unsupported database: \(what)"
    case .unreachable(let place, let why):
      "cannot reach PostgreSQL at \(place): \(why); is it running, and is the URL right?"
    case .backupExists(let path):
      "\(path) already exists: a backup never overwrites a file; choose a new name"
    case .missingDatabase(let path):
      "no database at \(path): is the path right? (`journeys-admin db migrate`, `catalogue publish` or the service's first start creates one)"
    case .notADatabase(let path):
      "\(path) is not a database of this service: is the path right?"
    case .cannotOpen(let path, let why):
      "cannot open or create \(path) (\(why)): does its folder exist, and may this account write there?"
    case .notCustom(let id):
      "\(id) is not a custom journey id (\(Journey.ID.customPrefix)…); publish the catalogue instead"
    }
  }
}
