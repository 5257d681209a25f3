import Foundation
import HTTPTypes
import Hummingbird
import Journeys
import JourneysStore
import NIOCore
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
}

/// Resolves `Authorization: Bearer …` to a principal. A request without the header goes on
/// anonymously (catalogue reads are public; handlers that need someone say 401). A token that
/// is unknown, revoked or malformed is refused with 401 at once, and counts as a failure of
/// the peer's address: too many, and the address gets 429 for a while on any request that
/// carries a token.
struct Authentication<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
  let store: any BookingStore
  let failures: FailedAuthentications

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard let header = request.headers[.authorization] else {
      return try await next(request, context)
    }
    let peer = FailedAuthentications.peer(context.remoteAddress)
    let now = Date()
    // Failures are counted when they are known: requests in flight at once may pass the limit
    // by their number, a few hundred guesses against a 160-bit secret. Counting every attempt
    // before its lookup would instead refuse a busy client's good requests sent together.
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

/// Failed authentications per peer in a sliding window: at most `limit` in `window` seconds,
/// then 429 until the oldest failure leaves the window. A peer is an IPv4 address or an IPv6
/// /64 (one subscriber's whole network). Kept in memory: each process counts its own, which
/// bounds guessing at `limit` × processes per window. Behind a reverse proxy every client
/// shares the proxy's address: run the limit there, or raise `auth.failuresPerMinute`.
final class FailedAuthentications: Sendable {
  let limit: Int
  let window: TimeInterval
  /// Peers remembered at most: past it the least recently failing half is forgotten, so that a
  /// flood of addresses costs bounded memory and time.
  let capacity: Int
  private let failures = Mutex<[String: [Date]]>([:])

  init(limit: Int = 10, window: TimeInterval = 60, capacity: Int = 10_000) {
    self.limit = limit
    self.window = window
    self.capacity = capacity
  }

  /// The peer a socket address counts as.
  static func peer(_ address: SocketAddress?) -> String {
    guard let ip = address?.ipAddress else { return "unknown" }
    guard case .v6 = address else { return ip }
    // An IPv4 client of a dual-stack listener (::ffff:a.b.c.d) is that IPv4 address.
    if ip.lowercased().hasPrefix("::ffff:"), ip.contains(".") { return String(ip.dropFirst(7)) }
    return expanded(ip).prefix(4).joined(separator: ":") + "::/64"
  }

  /// The eight groups of an IPv6 address written with `::`.
  static func expanded(_ ip: String) -> [String] {
    let halves = ip.components(separatedBy: "::")
    let head = halves[0].split(separator: ":").map(String.init)
    let tail = halves.count > 1 ? halves[1].split(separator: ":").map(String.init) : []
    return head + Array(repeating: "0", count: max(0, 8 - head.count - tail.count)) + tail
  }

  /// Seconds to wait when `peer` has used up its failures, else nil.
  func blocked(_ peer: String, at now: Date) -> TimeInterval? {
    failures.withLock { table in
      let recent = (table[peer] ?? []).filter { now.timeIntervalSince($0) < window }.sorted()
      table[peer] = recent.isEmpty ? nil : recent
      guard recent.count >= limit else { return nil }
      // Failures recorded together may pass the limit: wait until enough of them have left.
      return window - now.timeIntervalSince(recent[recent.count - limit])
    }
  }

  /// Counts a failed authentication of `peer` at `now`.
  func record(_ peer: String, at now: Date) {
    failures.withLock { table in
      table[peer] = (table[peer] ?? []).filter { now.timeIntervalSince($0) < window } + [now]
      if table.count > capacity {
        let kept = table.sorted {
          ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast)
        }
        .prefix(capacity / 2)
        table = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
      }
    }
  }
}

/// Too many failed authentications from one address (429).
struct TooManyFailedAuthentications: Error {
  let retryAfter: TimeInterval
  init(_ retryAfter: TimeInterval) { self.retryAfter = retryAfter }
}
