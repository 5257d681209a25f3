import Foundation
import HTTPTypes
import Hummingbird
import Journeys
import JourneysStore
import Synchronization

/// Who sent the current request, for the handlers: the OpenAPI transport does not pass the
/// Hummingbird context down, so `Authentication` sets it as a task-local around them.
enum Caller {
  @TaskLocal static var principal: Principal?

  /// The authenticated caller; 401 when the request carried no token.
  static func required() throws(AccessError) -> Principal {
    guard let principal else { throw .unauthenticated }
    return principal
  }

  /// The caller, who must be an admin (403 for other roles).
  static func admin() throws(AccessError) -> Principal {
    let principal = try required()
    guard case .admin = principal else { throw .forbidden }
    return principal
  }
}

/// Resolves `Authorization: Bearer …` to a principal. A request without the header goes on
/// anonymously (catalogue reads are public; handlers that need someone say 401). A token that
/// is unknown, revoked or malformed is refused with 401 at once, and counts as a failure of
/// the peer's address: too many, and the address gets 429 for a while, whatever it sends.
struct Authentication<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
  let store: any BookingStore
  let failures: FailedAuthentications

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard let header = request.headers[.authorization] else {
      return try await next(request, context)
    }
    let peer = context.remoteAddress?.ipAddress ?? "unknown"
    let now = Date()
    if let wait = failures.blocked(peer, at: now) { throw TooManyFailedAuthentications(wait) }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer",
      let token = try await store.token(secretHash: TokenSecrets.hash(String(parts[1]))),
      !token.isRevoked
    else {
      failures.record(peer, at: now)
      context.logger.notice("authentication failed", metadata: ["peer": "\(peer)"])
      throw AccessError.unauthenticated
    }
    return try await Caller.$principal.withValue(token.principal) {
      try await AuditTrail.$actor.withValue(token.principal.description) {
        try await next(request, context)
      }
    }
  }
}

/// Failed authentications per peer address in a sliding window: at most `limit` in `window`
/// seconds, then 429 until the oldest failure leaves the window. Kept in memory: each process
/// counts its own, which bounds guessing at `limit` × processes per window.
final class FailedAuthentications: Sendable {
  let limit: Int
  let window: TimeInterval
  private let failures = Mutex<[String: [Date]]>([:])

  init(limit: Int = 10, window: TimeInterval = 60) {
    self.limit = limit
    self.window = window
  }

  /// Seconds to wait when `peer` has used up its failures, else nil.
  func blocked(_ peer: String, at now: Date) -> TimeInterval? {
    failures.withLock { table in
      let recent = (table[peer] ?? []).filter { now.timeIntervalSince($0) < window }
      table[peer] = recent.isEmpty ? nil : recent
      guard recent.count >= limit, let oldest = recent.first else { return nil }
      return window - now.timeIntervalSince(oldest)
    }
  }

  func record(_ peer: String, at now: Date) {
    failures.withLock { table in
      table[peer, default: []].append(now)
      // A flood of distinct addresses must not grow the table without bound.
      if table.count > 10_000 {
        table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
      }
    }
  }
}

/// Too many failed authentications from one address (429).
struct TooManyFailedAuthentications: Error {
  let retryAfter: TimeInterval
  init(_ retryAfter: TimeInterval) { self.retryAfter = retryAfter }
}
