import AsyncHTTPClient
import Foundation
import Journeys
import JourneysStore
import Logging
import NIOCore
import ServiceLifecycle

/// Delivers the queued webhook calls every `interval`: each due delivery is claimed (so that
/// several processes share them out), POSTed signed to the organisation's URL, and its outcome
/// stored — delivered on 2xx, else retried later with growing delays, then given up.
struct WebhookDispatch: Service {
  let store: any BookingStore
  let interval: Duration
  let logger: Logger

  /// Deliveries attempted one after the other per round, each given at most `timeout`.
  static let batch = 5
  static let timeout: TimeInterval = 10
  /// How long a claimed delivery is kept from other processes: well past a whole round.
  static let lease: TimeInterval = 4 * Double(batch) * timeout

  /// The client of the dispatch, which follows no redirect: an organisation's endpoint must
  /// not be able to send the signed call (and learn the answer) somewhere else, such as inside
  /// our network. Whoever makes one shuts it down.
  static func makeClient() -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    configuration.timeout = .init(
      connect: .seconds(Int64(timeout)), read: .seconds(Int64(timeout)))
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  func run() async throws {
    let client = Self.makeClient()
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          let attempted = try await deliverDue(at: Date(), using: client)
          for delivery in attempted where delivery.state != .delivered {
            logger.warning(
              "webhook delivery not done",
              metadata: [
                "delivery": "\(delivery.id)", "organisation": "\(delivery.organisation)",
                "attempts": "\(delivery.attempts)", "state": "\(delivery.state.rawValue)",
              ])
          }
        } catch {
          logger.error("webhook dispatch failed: \(String(reflecting: error))")
        }
        try? await Task.sleep(for: interval)
      }
    }
    try await client.shutdown()
  }

  /// Attempts every delivery due at `now` once; returns them as they stand after the attempt.
  func deliverDue(at now: Date, using client: HTTPClient) async throws -> [WebhookDelivery] {
    let due = try await store.claimWebhookDeliveries(
      at: now, limit: Self.batch, lease: Self.lease)
    guard !due.isEmpty else { return [] }
    let webhooks = Dictionary(
      try await store.organisations().map { ($0.id, $0.webhook) }, uniquingKeysWith: { a, _ in a }
    )
    var attempted: [WebhookDelivery] = []
    for delivery in due {
      // Stopping: what is left comes back to whoever claims it once the lease is over.
      guard !Task.isCancelled, let leasedUntil = delivery.nextAttemptAt else { break }
      let outcome: WebhookDelivery
      if let webhook = webhooks[delivery.organisation] ?? nil {
        let (status, error) = await post(delivery, to: webhook, using: client)
        // A call cut short by our own shutdown is not the endpoint's failure.
        if Task.isCancelled { break }
        outcome = delivery.attempted(at: Date(), status: status, error: error)
      } else {
        var dropped = delivery
        dropped.state = .failed
        dropped.nextAttemptAt = nil
        dropped.lastError = "the organisation has no webhook any more"
        outcome = dropped
      }
      // Written only while the claim holds: else another process has taken the delivery over.
      if try await store.recordAttempt(outcome, leasedUntil: leasedUntil) {
        attempted.append(outcome)
      }
    }
    return attempted
  }

  /// One signed call; the status, or why there was none.
  func post(_ delivery: WebhookDelivery, to webhook: Webhook, using client: HTTPClient) async
    -> (Int?, String?)
  {
    var request = HTTPClientRequest(url: webhook.url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "User-Agent", value: "voyages-apprenants-webhooks/1")
    request.headers.add(name: "Webhook-Id", value: delivery.id.rawValue)
    request.headers.add(name: "Webhook-Event", value: delivery.event)
    request.headers.add(
      name: "Webhook-Signature",
      value: WebhookSignature.header(payload: delivery.payload, secret: webhook.secret, at: Date()))
    request.body = .bytes(ByteBuffer(string: delivery.payload))
    do {
      let response = try await client.execute(request, timeout: .seconds(Int64(Self.timeout)))
      return (Int(response.status.code), nil)
    } catch {
      return (nil, Self.why(error))
    }
  }

  /// Why a call got no answer, in the words an admin reading the delivery log needs: the
  /// client's own descriptions nest NIO errors ("connection reset (error set): Connection
  /// refused) (errno: 111)").
  static func why(_ error: any Error) -> String {
    if let error = error as? HTTPClientError,
      [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error)
    {
      return "no answer within \(Int(timeout)) s"
    }
    let text = String(describing: error)
    for (sign, words) in [
      ("Connection refused", refused), ("errno: 111", refused), ("Connection reset", reset),
      ("NXDOMAIN", unresolved), ("UnknownHost", unresolved), ("lookup", unresolved),
      ("certificate", untrusted),
    ] where text.contains(sign) {
      return words
    }
    return text
  }

  static let refused = "connection refused: nothing listens at that address"
  static let reset = "connection reset by the server"
  static let unresolved = "the host name does not resolve"
  static let untrusted = "TLS: the server's certificate was not accepted"

  /// What an organisation may read of why its endpoint got no answer: these plain reasons are
  /// about its own endpoint; anything else is the client's internals, said as "no answer".
  static func shown(_ lastError: String) -> String {
    [refused, reset, unresolved, untrusted].contains(lastError)
      || lastError.hasPrefix("no answer within") ? lastError : "no answer"
  }
}
