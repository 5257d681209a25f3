import Foundation
import PostgresNIO
import SQLiteNIO

/// Whether an error says the database cannot be reached or is going away, rather than that a
/// request or the service is wrong: the API answers those 503 with a delay to try again after,
/// as a client can do nothing about them but wait.
public enum StoreOutage {
  /// True for a lost or refused connection, a server shutting down or not yet accepting
  /// connections, too many connections, a pool that gave up connecting, and a SQLite file
  /// another process keeps locked.
  public static func covers(_ error: any Error) -> Bool {
    switch error {
    case let error as PSQLError:
      if [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed]
        .contains(error.code)
      {
        return true
      }
      guard let state = error.serverInfo?[.sqlState] else { return false }
      // 08: connection exception; 57P01–57P03: admin or crash shutdown, cannot connect now;
      // 53300: too many connections.
      return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
    case let error as SQLiteError:
      // Another process kept the file's write lock past the busy timeout.
      return [.busy, .locked].contains(error.reason)
    case let error as StoreError:
      if case .unreachable = error { return true }
      return false
    default:
      // The pool's own error type is not public API of PostgresNIO; its name is.
      return String(describing: error).contains("connectionCreationCircuitBreakerTripped")
    }
  }
}

/// What a store can tell of its own health beyond answering queries.
public protocol StoreHealth: Sendable {
  /// Since when the longest-running write still holds this process's locks on its weeks; nil
  /// when none does. Minutes mean a call the database will never answer (a connection lost
  /// mid-query), which keeps every later hold of those weeks waiting.
  var stalledSince: Date? { get }
}

extension PostgresBookingStore: StoreHealth {
  public var stalledSince: Date? { weekLocks.oldestHolder }
}
