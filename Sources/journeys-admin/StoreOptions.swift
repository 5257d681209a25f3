import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Logging

/// Where the store is, shared by every subcommand that touches it.
struct StoreOptions: ParsableArguments {
  @Option(
    help:
      "SQLite file or PostgreSQL URL (default: JOURNEYS_DATABASE, else the configuration file's, else var/journeys.sqlite)."
  )
  var database: String?

  @Option(help: "Configuration file, which must exist (default: config/journeys.yaml if there).")
  var config: String?

  func settings() async throws -> ServiceSettings {
    var overrides: [String: String] = [:]
    overrides[ServiceSettings.Key.database] = database
    return try await ServiceSettings.load(commandLine: overrides, file: config)
  }

  /// The account running the command: `USER`, else the process owner's login name (a shell
  /// started by a service manager or `sudo -i` may have no `USER`), else its uid.
  static var account: String {
    if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
      return String(cString: name)
    }
    return "uid-\(getuid())"
  }

  /// Opens the store, runs `body` with it, and closes the store. A SQLite file that is not
  /// there is an error unless `mustExist` is false (the commands that set a store up): a
  /// mistyped `--database` would otherwise create an empty store and, say, issue a token
  /// into it that the service never sees.
  func withStore<T: Sendable>(
    migrate: Bool = true, mustExist: Bool = true,
    _ body: @Sendable (any OperatedStore) async throws -> T
  ) async throws -> T {
    let settings = try await settings()
    var logger = Logger(label: "journeys-admin")
    logger.logLevel = .warning
    let store = try await StoreOpener.open(
      settings.database, migrate: migrate, mustExist: mustExist, logger: logger)
    do {
      // What the operator changes is recorded against the account that ran the command.
      let user = Self.account
      let result = try await AuditTrail.$actor.withValue("admin:\(user)@cli") {
        try await body(store)
      }
      try await store.close()
      return result
    } catch {
      try? await store.close()
      throw error
    }
  }

  /// Opens the store, runs `body` with the booking service over it, and closes the store.
  func withService<T: Sendable>(_ body: @Sendable (BookingService) async throws -> T)
    async throws -> T
  {
    let settings = try await settings()
    return try await withStore { store in
      try await body(try await BookingService.configured(store: store, settings: settings))
    }
  }
}

/// Prints rows as aligned columns.
enum Table {
  static func render(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1
          ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}

/// An error the operator can act on, printed without a stack of types.
struct AdminError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
