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
  var client: HTTPClient = .shared
  /// How long a claimed delivery is kept from other processes: longer than one call may take.
  static let lease: TimeInterval = 60

  func run() async throws {
    try await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          let attempted = try await deliverDue(at: Date())
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
  }

  /// Attempts every delivery due at `now` once; returns them as they stand after the attempt.
  func deliverDue(at now: Date) async throws -> [WebhookDelivery] {
    let due = try await store.claimWebhookDeliveries(at: now, limit: 20, lease: Self.lease)
    guard !due.isEmpty else { return [] }
    let webhooks = Dictionary(
      try await store.organisations().map { ($0.id, $0.webhook) }, uniquingKeysWith: { a, _ in a }
    )
    var attempted: [WebhookDelivery] = []
    for delivery in due {
      let outcome: WebhookDelivery
      if let webhook = webhooks[delivery.organisation] ?? nil {
        let (status, error) = await post(delivery, to: webhook)
        outcome = delivery.attempted(at: Date(), status: status, error: error)
      } else {
        var dropped = delivery
        dropped.state = .failed
        dropped.nextAttemptAt = nil
        dropped.lastError = "the organisation has no webhook any more"
        outcome = dropped
      }
      try await store.save(outcome)
      attempted.append(outcome)
    }
    return attempted
  }

  /// One signed call; the status, or why there was none.
  func post(_ delivery: WebhookDelivery, to webhook: Webhook) async -> (Int?, String?) {
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
      let response = try await client.execute(request, timeout: .seconds(10))
      return (Int(response.status.code), nil)
    } catch {
      return (nil, String(describing: error))
    }
  }
}
