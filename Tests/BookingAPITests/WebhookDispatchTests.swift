import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import JourneysStore
import Logging
import Synchronization
import Testing

@testable import BookingAPI

@Suite("Webhooks: signed calls, retries, the delivery log")
struct WebhookDispatchTests {
  /// What the organisation's endpoint received.
  struct Received: Sendable {
    var event: String?
    var id: String?
    var signature: String?
    var body: String
  }

  /// The calls an endpoint received so far.
  final class Inbox: Sendable {
    let calls = Mutex<[Received]>([])
  }

  /// Runs an endpoint answering `status` on a real port, with `body` given its URL and what it
  /// received so far.
  static func withEndpoint(
    answering status: HTTPResponse.Status,
    _ body: @Sendable (String, Inbox) async throws -> Void
  ) async throws {
    let received = Inbox()
    let router = Router()
    router.post("/hooks") { request, _ -> Response in
      let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
      received.calls.withLock {
        $0.append(
          Received(
            event: request.headers[.init("Webhook-Event")!],
            id: request.headers[.init("Webhook-Id")!],
            signature: request.headers[.init("Webhook-Signature")!], body: text))
      }
      // A redirect points back here: a client that followed it would call again and again.
      let redirect = (300..<400).contains(status.code)
      return Response(status: status, headers: redirect ? [.location: "/hooks"] : [:])
    }
    try await Application(router: router).test(.live) { client in
      try await body("http://127.0.0.1:\(try #require(client.port))/hooks", received)
    }
  }

  /// A dispatch over a store, and its client.
  struct Dispatch {
    let dispatch: WebhookDispatch
    let client: HTTPClient

    func deliverDue(at now: Date) async throws -> [WebhookDelivery] {
      try await dispatch.deliverDue(at: now, using: client)
    }
  }

  /// Runs `body` with a dispatch over `store`, then shuts its client down.
  static func withDispatch(
    _ store: any BookingStore, _ body: (Dispatch) async throws -> Void
  ) async throws {
    let dispatch = WebhookDispatch(
      store: store, interval: .seconds(1), logger: Logger(label: "test"))
    let client = WebhookDispatch.makeClient()
    do {
      try await body(Dispatch(dispatch: dispatch, client: client))
    } catch {
      try? await client.shutdown()
      throw error
    }
    try await client.shutdown()
  }

  /// The harness's demo organisation with a webhook at `url`, and a confirmed booking of it.
  static func confirmedBooking(_ harness: APIHarness, url: String) async throws -> Booking {
    var demo = try #require(try await harness.store.organisations().first { $0.id == "demo" })
    demo.webhook = Webhook(url: url, secret: "whsec_test_secret_0123")
    try await harness.store.save(demo)
    let held = try await harness.service.hold(
      .init(
        journey: "loos-ville-pilote", date: LocalDate("2027-05-12")!,
        group: Group(organisation: "demo", contact: .init(name: "C"), headcount: 20, language: "fr")
      ))
    return try await harness.service.confirm(held.id)
  }

  @Test func aConfirmationIsDeliveredSignedWithTheOrganisationsSecret() async throws {
    try await APIHarness.withHarness { harness in
      try await Self.withEndpoint(answering: .noContent) { url, received in
        let booking = try await Self.confirmedBooking(harness, url: url)
        try await Self.withDispatch(harness.store) { dispatch in
          let attempted = try await dispatch.deliverDue(at: Date())
          #expect(attempted.map(\.state) == [.delivered])
          let call = try #require(received.calls.withLock { $0.first })
          #expect(call.event == "booking.confirmed")
          #expect(call.id == attempted.first?.id.rawValue)
          #expect(call.body.contains(#""booking":"\#(booking.id)""#))
          // The signature is HMAC-SHA256 over "<t>.<body>" with the secret.
          let signature = try #require(call.signature)
          let timestamp = try #require(
            signature.split(separator: ",").first?.split(separator: "=").last.map(String.init))
          let expected = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(call.body)".utf8),
            using: SymmetricKey(data: Data("whsec_test_secret_0123".utf8)))
          let hex = expected.map { String(format: "%02x", $0) }.joined()
          #expect(signature == "t=\(timestamp),v1=\(hex)")
          // Delivered once: nothing is due any more.
          #expect(try await dispatch.deliverDue(at: Date().addingTimeInterval(3_600)).isEmpty)
        }
      }
    }
  }

  @Test func aFailedCallIsRetriedLaterAndLogged() async throws {
    try await APIHarness.withHarness { harness in
      try await Self.withEndpoint(answering: .internalServerError) { url, received in
        _ = try await Self.confirmedBooking(harness, url: url)
        try await Self.withDispatch(harness.store) { dispatch in
          let now = Date()
          let first = try #require(try await dispatch.deliverDue(at: now).first)
          #expect(first.state == .pending && first.attempts == 1 && first.lastStatus == 500)
          #expect((first.nextAttemptAt ?? now).timeIntervalSince(now) >= 29)
          // Not due again before its delay.
          #expect(try await dispatch.deliverDue(at: now.addingTimeInterval(10)).isEmpty)
          let second = try await dispatch.deliverDue(at: now.addingTimeInterval(3_600))
          #expect(second.first?.attempts == 2)
          #expect(received.calls.withLock { $0.count } == 2)
          let log = try await harness.store.webhookDeliveries(organisation: "demo", limit: 10)
          #expect(log.first?.attempts == 2 && log.first?.lastStatus == 500)
        }
      }
    }
  }

  @Test func aCallNothingAnswersIsLoggedInPlainWords() async throws {
    try await APIHarness.withHarness { harness in
      // Port 1 on this machine: nothing listens there.
      _ = try await Self.confirmedBooking(harness, url: "http://127.0.0.1:1/hooks")
      try await Self.withDispatch(harness.store) { dispatch in
        let attempted = try #require(try await dispatch.deliverDue(at: Date()).first)
        #expect(attempted.state == .pending && attempted.lastStatus == nil)
        #expect(
          attempted.lastError == "connection refused: nothing listens at that address",
          "\(attempted.lastError ?? "-")")
      }
    }
  }

  @Test func aRedirectIsNotFollowed() async throws {
    try await APIHarness.withHarness { harness in
      try await Self.withEndpoint(answering: .temporaryRedirect) { url, received in
        _ = try await Self.confirmedBooking(harness, url: url)
        try await Self.withDispatch(harness.store) { dispatch in
          let attempted = try #require(try await dispatch.deliverDue(at: Date()).first)
          #expect(attempted.state == .pending && attempted.lastStatus == 307)
          #expect(received.calls.withLock { $0.count } == 1)
        }
      }
    }
  }

  @Test func deliveriesGiveUpAfterTheLastRetry() {
    var delivery = WebhookDelivery(
      id: "wh-1", organisation: "demo", event: "booking.cancelled", payload: "{}",
      state: .pending, attempts: 0, nextAttemptAt: Date(timeIntervalSince1970: 0),
      createdAt: Date(timeIntervalSince1970: 0))
    var delays: [TimeInterval] = []
    var now = Date(timeIntervalSince1970: 0)
    while delivery.state == .pending {
      delivery = delivery.attempted(at: now, status: nil, error: "connection refused")
      if let next = delivery.nextAttemptAt {
        delays.append(next.timeIntervalSince(now))
        now = next
      }
    }
    #expect(delays == [30, 120, 600, 3_600, 21_600, 86_400, 86_400])
    #expect(delivery.state == .failed && delivery.attempts == 8)
    #expect(delivery.attempted(at: now, status: 204, error: nil).state == .delivered)
  }
}
