import Foundation
import Journeys
import Logging
import PostgresNIO
import Synchronization

/// The production store: PostgreSQL, shared by several API processes.
///
/// The database, not process memory, keeps the invariants: every write that takes capacity or a
/// guide runs in a transaction holding advisory locks on the weeks it reads, taken in date order
/// (so two processes never deadlock), and an exclusion constraint refuses overlapping live
/// visits of one guide whatever the code above does.
public final class PostgresBookingStore: OperatedStore {
  let client: PostgresClient
  let logger: Logger
  let url: DatabaseURL
  /// The reference data last read, with the `reference_version` it was read at.
  let referenceCache = Mutex<(version: Int64, data: ReferenceData)?>(nil)
  /// What the calls that read or compare `reference_version` found, for refusals.
  let referenceWitness = ReferenceWitness()
  /// The weeks of the ledger this process last read or wrote.
  let ledgerWeeks = LedgerWeeks()
  /// The bookings this process last wrote.
  let recentBookings = RecentBookings()
  /// Holds of one week are decided one at a time within this process.
  let weekLocks = WeekLocks()
  /// How many times a hold is decided outside a transaction before it is decided under its
  /// weeks' locks (a new try follows a write refused because a week changed, or a refusal
  /// decided from remembered weeks that turned out to have changed).
  let holdAttempts: Int
  private let running: Task<Void, Never>

  private init(client: PostgresClient, url: DatabaseURL, holdAttempts: Int, logger: Logger) {
    self.client = client
    self.url = url
    self.holdAttempts = holdAttempts
    self.logger = logger
    running = Self.start(client)
  }

  /// Runs `client` until the store is closed. The task starts at once where the platform
  /// allows it, so that the first query does not find the client not yet running (PostgresNIO
  /// waits, but logs a warning).
  static func start(_ client: PostgresClient) -> Task<Void, Never> {
    if #available(macOS 26.0, *) {
      return Task.immediate { await client.run() }
    }
    return Task { await client.run() }
  }

  /// Connects to `url` (`DatabaseURL.form`: `?connections=N` bounds this process's
  /// connections, 8 when not given) and migrates.
  /// `holdAttempts` is for tests: 0 decides every hold under its weeks' locks.
  public static func open(
    url text: String, migrate: Bool = true, holdAttempts: Int = 5,
    patience: Duration = .seconds(10), logger: Logger
  ) async throws -> PostgresBookingStore {
    guard let url = DatabaseURL(text) else {
      throw StoreError.unsupportedDatabase("expected \(DatabaseURL.form)")
    }
    let store = PostgresBookingStore(
      client: client(for: url, logger: logger), url: url, holdAttempts: holdAttempts,
      logger: logger)
    do {
      try await store.reach(within: patience, url: url)
      if migrate { try await store.migrate() }
    } catch {
      try? await store.close()
      throw error
    }
    return store
  }

  /// Runs a first query, or throws `unreachable` after `patience`: the pool retries a refused
  /// connection until its circuit breaker trips, a minute later, with an error that does not
  /// say which server it could not reach.
  private func reach(within patience: Duration, url: DatabaseURL) async throws {
    let place = "\(url.host):\(url.port)"
    do {
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          _ = try await self.client.query("SELECT 1", logger: self.logger).collect()
        }
        group.addTask {
          try await Task.sleep(for: patience)
          throw StoreError.unreachable(place, "no connection within \(patience)")
        }
        try await group.next()
        group.cancelAll()
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.unreachable(place, String(describing: error))
    }
  }

  static func client(for url: DatabaseURL, logger: Logger) -> PostgresClient {
    var configuration = PostgresClient.Configuration(
      host: url.host, port: url.port, username: url.user, password: url.password,
      database: url.database, tls: .disable)
    configuration.options.maximumConnections = url.connections
    // The server ends what a process left hanging, so that its locks go with it: a statement
    // still running after `statementTimeout` (waiting on a lock another process never lets go),
    // and a transaction left idle mid-way longer than `idleTransactionTimeout` (a process
    // stuck or killed between two statements, which would keep its row locks on the week).
    configuration.options.additionalStartupParameters = [
      ("statement_timeout", "\(Self.statementTimeout)s"),
      ("idle_in_transaction_session_timeout", "\(Self.idleTransactionTimeout)s"),
    ]
    return PostgresClient(configuration: configuration, backgroundLogger: logger)
  }

  /// Seconds a statement of the service may run; migrations lift it for their transaction.
  static let statementTimeout = 30
  /// Seconds a transaction may sit idle between two statements: beyond the longest decision
  /// made inside one (a guide plan under the week locks searches up to 60 s).
  static let idleTransactionTimeout = 120

  public func close() async throws {
    running.cancel()
    _ = await running.value
  }

  /// Runs `body` in a transaction on one connection, started by `begin`; rolls back on any
  /// error. A transaction PostgreSQL aborted as a deadlock or a serialisation failure is run
  /// again, twice at most: its writes were undone, and running it again is what the server
  /// asks for. `body` must therefore decide from what it reads in the transaction.
  func transaction<T: Sendable>(
    _ begin: PostgresQuery = "BEGIN", _ body: (PostgresConnection) async throws -> T
  ) async throws -> T {
    var attempt = 0
    while true {
      attempt += 1
      do {
        return try await client.withConnection { connection in
          try await connection.query(begin, logger: logger)
          do {
            let result = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return result
          } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
          }
        }
      } catch let error as PSQLError where attempt < 3 && Self.isRetryable(error) {
        logger.notice("transaction retried after \(error.serverInfo?[.sqlState] ?? "?")")
      }
    }
  }

  /// Runs `body`, one statement in its own transaction, on a connection; again, twice at most,
  /// when PostgreSQL aborted it as a deadlock or a serialisation failure.
  func retrying<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
    var attempt = 0
    while true {
      attempt += 1
      do {
        return try await client.withConnection { db in try await body(db) }
      } catch let error as PSQLError where attempt < 3 && Self.isRetryable(error) {
        logger.notice("statement retried after \(error.serverInfo?[.sqlState] ?? "?")")
      }
    }
  }

  /// Deadlock detected (40P01) or serialisation failure (40001).
  static func isRetryable(_ error: PSQLError) -> Bool {
    ["40P01", "40001"].contains(error.serverInfo?[.sqlState])
  }

  /// Runs `query`, reading whatever it returns to the end.
  func run(_ query: PostgresQuery, _ db: PostgresConnection) async throws {
    for try await _ in try await db.query(query, logger: logger) {}
  }

  /// The JSON bodies a query returns, decoded.
  func bodies<T: Decodable>(
    _ type: T.Type, _ query: PostgresQuery, on connection: PostgresConnection
  )
    async throws -> [T]
  {
    var values: [T] = []
    for try await body in try await connection.query(query, logger: logger).decode(String.self) {
      values.append(try StoredJSON.decode(type, body))
    }
    return values
  }

  // MARK: - Catalogue

  public func publish(_ catalogue: Catalogue, at now: Date, dryRun: Bool) async throws
    -> PublicationPlan
  {
    try await transaction { db in
      // One publisher at a time: the plan depends on what is already published.
      try await db.query("LOCK TABLE journeys IN EXCLUSIVE MODE", logger: logger)
      let published = try await bodies(
        Journey.self, "SELECT body::text FROM journeys WHERE id NOT LIKE 'custom-%'", on: db)
      var offered: [Journey.ID: Int] = [:]
      for try await (id, version) in try await db.query(
        "SELECT id, version FROM journeys WHERE listed", logger: logger
      ).decode((String, Int).self) {
        offered[Journey.ID(id)] = version
      }
      let sites = try await bodies(Site.self, "SELECT body::text FROM sites ORDER BY id", on: db)
      let plan = try PublicationPlan.make(
        published: published, offered: offered, sites: sites, incoming: catalogue)
      if dryRun { return plan }
      try await db.query("DELETE FROM sites", logger: logger)
      for site in catalogue.sites {
        let body = try StoredJSON.encode(site)
        try await db.query(
          "INSERT INTO sites (id, body) VALUES (\(site.id.rawValue), \(body)::jsonb)",
          logger: logger)
      }
      try await db.query("UPDATE journeys SET listed = false", logger: logger)
      for journey in plan.newVersions {
        let body = try StoredJSON.encode(journey)
        try await db.query(
          """
          INSERT INTO journeys (id, version, listed, published_at, body)
          VALUES (\(journey.id.rawValue), \(journey.version), false, \(now), \(body)::jsonb)
          """, logger: logger)
      }
      for journey in catalogue.journeys {
        try await db.query(
          """
          UPDATE journeys SET listed = true
          WHERE id = \(journey.id.rawValue) AND version = \(journey.version)
          """, logger: logger)
      }
      try await record(.publication(plan, catalogue, at: now), db)
      return plan
    }
  }

  public func journey(_ id: Journey.ID, version: Int?) async throws -> Journey? {
    if version == nil, !id.isCustom { return try await catalogue().journey(id) }
    return try await client.withConnection { db in
      try await bodies(
        Journey.self,
        """
        SELECT body::text FROM journeys
        WHERE id = \(id.rawValue) AND (\(version)::integer IS NULL OR version = \(version))
        ORDER BY version DESC LIMIT 1
        """, on: db
      ).first
    }
  }

  public func saveCustomJourney(_ journey: Journey, at now: Date) async throws {
    guard journey.id.isCustom else { throw StoreError.notCustom(journey.id) }
    let body = try StoredJSON.encode(journey)
    try await client.query(
      """
      INSERT INTO journeys (id, version, listed, published_at, body)
      VALUES (\(journey.id.rawValue), \(journey.version), false, \(now), \(body)::jsonb)
      ON CONFLICT (id, version) DO NOTHING
      """, logger: logger)
  }

  // MARK: - Guides and organisations

  public func save(_ guide: Guide) async throws {
    let body = try StoredJSON.encode(guide)
    try await transaction { db in
      let before = try await bodies(
        Guide.self, "SELECT body::text FROM guides WHERE id = \(guide.id.rawValue) FOR UPDATE",
        on: db
      ).first
      try await db.query(
        """
        INSERT INTO guides (id, body) VALUES (\(guide.id.rawValue), \(body)::jsonb)
        ON CONFLICT (id) DO UPDATE SET body = excluded.body
        """, logger: logger)
      try await record(
        .object(
          "guide:\(guide.id)", action: "guide.saved", before: before?.redacted,
          after: guide.redacted, at: Date()), db)
    }
  }

  public func updateGuide(_ id: Guide.ID, _ change: @Sendable (Guide) throws -> Guide)
    async throws -> Guide?
  {
    try await transaction { db in
      guard
        let current = try await bodies(
          Guide.self, "SELECT body::text FROM guides WHERE id = \(id.rawValue) FOR UPDATE",
          on: db
        ).first
      else { return nil }
      let updated = try change(current)
      guard updated != current else { return current }
      let body = try StoredJSON.encode(updated)
      try await db.query(
        "UPDATE guides SET body = \(body)::jsonb WHERE id = \(id.rawValue)", logger: logger)
      try await record(
        .object(
          "guide:\(id)", action: "guide.changed", before: current.redacted,
          after: updated.redacted, at: Date()), db)
      return updated
    }
  }

  public func save(_ organisation: Organisation) async throws {
    let body = try StoredJSON.encode(organisation)
    try await transaction { db in
      let before = try await bodies(
        Organisation.self,
        "SELECT body::text FROM organisations WHERE id = \(organisation.id.rawValue) FOR UPDATE",
        on: db
      ).first
      try await db.query(
        """
        INSERT INTO organisations (id, body) VALUES (\(organisation.id.rawValue), \(body)::jsonb)
        ON CONFLICT (id) DO UPDATE SET body = excluded.body
        """, logger: logger)
      try await record(
        .object(
          "organisation:\(organisation.id)", action: "organisation.saved",
          before: before?.redacted, after: organisation.redacted, at: Date()), db)
    }
  }
}
