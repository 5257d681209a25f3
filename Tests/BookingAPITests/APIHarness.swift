import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import JourneysStore
import Logging
import StoreTestSupport
import Synchronization
import Testing

@testable import BookingAPI

/// A clock the test moves by hand.
final class TestClock: WallClock {
  private let current: Mutex<Date>
  init(_ start: Date) { current = Mutex(start) }
  func now() -> Date { current.withLock { $0 } }
  func advance(hours: Double) { current.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
}

/// The repository root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh store with the real catalogue, the demo data and the tests' admin token, and a
/// service over it.
struct APIHarness {
  let store: any OperatedStore
  let service: BookingService
  let clock: TestClock

  /// The secret of the admin token every harness store has.
  static let adminSecret = "va_tests_admin_secret"

  /// 2027-03-01T08:00:00Z: well before the dates the tests book.
  static let start = Date(timeIntervalSince1970: 1_803_888_000)

  /// Prepares `store` (publishes the catalogue, loads the demo data, saves the admin token).
  static func make(_ store: any OperatedStore) async throws -> APIHarness {
    var settings = ServiceSettings.defaults
    settings.catalogueDirectory = repositoryRoot.appendingPathComponent("itineraries").path
    settings.demoDataPath = repositoryRoot.appendingPathComponent("config/demo.yaml").path
    try await Bootstrap.prepare(
      store, settings: settings, now: start, logger: Logger(label: "test"))
    // Requests carry this token unless they say otherwise.
    try await store.save(
      AccessToken(
        id: "tok-tests", role: .admin, subject: "tests",
        secretHash: TokenSecrets.hash(adminSecret), createdAt: start))
    let clock = TestClock(start)
    let service = BookingService(store: store, clock: clock, holdDuration: 48 * 3600)
    return APIHarness(store: store, service: service, clock: clock)
  }

  /// Runs `body` with a prepared fresh store of `backend`, then closes and removes the store.
  static func withHarness(
    _ backend: StoreBackend = .sqlite, _ body: (APIHarness) async throws -> Void
  ) async throws {
    try await withStore(backend) { store, _ in try await body(try await make(store)) }
  }

  /// Runs `body` against the router over a fresh store of `backend`.
  static func run(
    _ backend: StoreBackend = .sqlite,
    _ body: @Sendable (APIHarness, any TestClientProtocol) async throws -> Void
  ) async throws {
    try await withHarness(backend) { harness in
      let app = Application(router: try buildRouter(service: harness.service))
      try await app.test(.router) { client in try await body(harness, client) }
    }
  }
}

extension TestClientProtocol {
  /// Sends a JSON request and returns the status and the decoded JSON body. It carries the
  /// harness's admin token unless `headers` has an `Authorization` of its own, or `token` is
  /// another secret (nil: no token at all).
  func json(
    _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
    headers: HTTPFields = [:], token: String? = APIHarness.adminSecret
  ) async throws -> (status: HTTPResponse.Status, json: [String: Any], contentType: String?) {
    var headers = headers
    if body != nil { headers[.contentType] = "application/json" }
    if headers[.authorization] == nil, let token { headers[.authorization] = "Bearer \(token)" }
    return try await execute(
      uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
    ) { response in
      let object =
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
      return (response.status, object ?? [:], response.headers[.contentType])
    }
  }
}

func bookingBody(
  journey: String = "loos-ville-pilote", date: String = "2027-05-12", size: Int = 25,
  language: String = "fr", organisation: String = "demo"
) -> String {
  """
  {"journey":"\(journey)","date":"\(date)","groupSize":\(size),"language":"\(language)",
   "organisation":"\(organisation)","contact":{"name":"Claire Demeyer","email":"claire@example.org"}}
  """
}

extension TestClientProtocol {
  /// Sends a request with the harness's admin token (unless `token` says otherwise) and
  /// returns the status, the headers and the body as text.
  func raw(
    _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
    headers: HTTPFields = [:], token: String? = APIHarness.adminSecret
  ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
    var headers = headers
    if body != nil { headers[.contentType] = "application/json" }
    if headers[.authorization] == nil, let token { headers[.authorization] = "Bearer \(token)" }
    return try await execute(
      uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
    ) { response in (response.status, response.headers, String(buffer: response.body)) }
  }
}
