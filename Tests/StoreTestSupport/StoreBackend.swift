import Foundation
import Journeys
import JourneysStore
import Logging
import PostgresNIO

/// The stores the conformance suite runs against.
public enum StoreBackend: String, CaseIterable, Sendable {
  case sqlite
  case postgres

  /// The backend's name, as test reports show it.
  public var name: String {
    switch self {
    case .sqlite: "SQLite"
    case .postgres: "PostgreSQL"
    }
  }
}

/// Opens a fresh, migrated, empty store of `backend`, runs `body` with it and a temporary
/// directory, then closes the store and removes what it used (the SQLite file or the PostgreSQL
/// database), whether `body` succeeds or throws.
public func withStore(
  _ backend: StoreBackend, _ body: (any OperatedStore, TemporaryDirectory) async throws -> Void
) async throws {
  let directory = try TemporaryDirectory()
  defer { directory.remove() }
  switch backend {
  case .sqlite:
    let store = try await SQLiteBookingStore.open(path: directory.path("journeys.sqlite"))
    try await using(store) { try await body($0, directory) }
  case .postgres:
    try await withPostgresDatabase { url in
      let store = try await PostgresBookingStore.open(url: url, logger: testLogger)
      try await using(store) { try await body($0, directory) }
    }
  }
}

/// Runs `body` with `store`, and closes the store whether `body` succeeds or throws (an
/// unclosed SQLiteNIO connection or PostgresNIO client would be reported at exit).
public func using<Store: OperatedStore>(
  _ store: Store, _ body: (Store) async throws -> Void
) async throws {
  do {
    try await body(store)
    try await store.close()
  } catch let error as PSQLError {
    try? await store.close()
    // PSQLError's description hides the server's message; a failing test needs it.
    throw ServerFailure(description: String(reflecting: error))
  } catch {
    try? await store.close()
    throw error
  }
}

/// A PostgreSQL error with the server's message, for test reports.
public struct ServerFailure: Error, CustomStringConvertible {
  public var description: String
}

public let testLogger = Logger(label: "journeys.tests")

// MARK: - PostgreSQL

/// Creates a database from the migrated template on the test server, runs `body` with its URL,
/// and drops it afterwards whatever `body` did. With `migrated: false` the database is empty
/// (no schema at all).
///
/// Fails, never skips, when `JOURNEYS_TEST_POSTGRES_URL` is not set.
public func withPostgresDatabase(
  migrated: Bool = true, _ body: (String) async throws -> Void
) async throws {
  let server = try PostgresTestServer.shared()
  let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "_")
  try await server.createDatabase(name, migrated: migrated)
  do {
    try await body(server.url(database: name))
  } catch {
    try? await server.dropDatabase(name)
    throw error
  }
  try await server.dropDatabase(name)
}

/// A test that needs PostgreSQL ran without a server.
public struct MissingTestPostgres: Error, CustomStringConvertible {
  public var description: String {
    "JOURNEYS_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server; run scripts/test, which starts PostgreSQL (or scripts/with-postgres swift test …)"
  }
}

/// The PostgreSQL server of `JOURNEYS_TEST_POSTGRES_URL`, reached through an administration
/// client on its `postgres` database: it creates the migrated template once per process, then a
/// database per test copied from it (a file copy, much faster than migrating each time).
public actor PostgresTestServer {
  private static let instance: PostgresTestServer? = {
    guard let text = ProcessInfo.processInfo.environment["JOURNEYS_TEST_POSTGRES_URL"],
      !text.isEmpty
    else { return nil }
    return PostgresTestServer(url: text)
  }()

  /// The server of the environment; throws `MissingTestPostgres` when there is none.
  public static func shared() throws -> PostgresTestServer {
    guard let instance else { throw MissingTestPostgres() }
    return instance
  }

  private let components: URLComponents
  private let admin: PostgresClient
  private let running: Task<Void, Never>
  /// The migrated template, made by the first test that asks for it; the others wait for it.
  private var template: Task<String, any Error>?

  private init(url text: String) {
    var components = URLComponents(string: text) ?? URLComponents()
    components.path = "/postgres"
    self.components = components
    var configuration = PostgresClient.Configuration(
      host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
      username: components.user ?? "postgres", password: components.password,
      database: "postgres", tls: .disable)
    configuration.options.maximumConnections = 4
    let admin = PostgresClient(configuration: configuration, backgroundLogger: testLogger)
    self.admin = admin
    // The client serves queries only while `run()` runs; it runs until the process ends.
    // Started at once so that the first query does not find it idle (PostgresNIO warns).
    if #available(macOS 26.0, *) {
      running = Task.immediate { await admin.run() }
    } else {
      running = Task { await admin.run() }
    }
  }

  /// The URL of `database` on this server.
  public nonisolated func url(database: String) -> String {
    var copy = components
    copy.path = "/" + database
    return copy.string ?? ""
  }

  /// Creates `name`, a copy of the migrated template, or an empty database.
  public func createDatabase(_ name: String, migrated: Bool) async throws {
    let source = migrated ? try await migratedTemplate() : "template0"
    try await admin.query(
      PostgresQuery(unsafeSQL: #"CREATE DATABASE "\#(name)" TEMPLATE "\#(source)""#),
      logger: testLogger)
  }

  /// Drops `name`, ending any session still connected to it.
  public func dropDatabase(_ name: String) async throws {
    try await admin.query(
      PostgresQuery(unsafeSQL: #"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#),
      logger: testLogger)
  }

  private func migratedTemplate() async throws -> String {
    if let template { return try await template.value }
    let task = Task { try await makeTemplate() }
    template = task
    return try await task.value
  }

  private func makeTemplate() async throws -> String {
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let name = "journeys_template_\(suffix)"
    try await admin.query(
      PostgresQuery(unsafeSQL: #"CREATE DATABASE "\#(name)""#), logger: testLogger)
    let store = try await PostgresBookingStore.open(url: url(database: name), logger: testLogger)
    try await store.close()
    return name
  }
}
