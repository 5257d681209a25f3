import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import JourneysStore
import Logging
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

/// A fresh SQLite store with the real catalogue and the demo data, and a service over it.
struct APIHarness {
  let store: SQLiteBookingStore
  let service: BookingService
  let clock: TestClock
  let directory: URL

  /// 2027-03-01T08:00:00Z: well before the dates the tests book.
  static let start = Date(timeIntervalSince1970: 1_803_888_000)

  static func make() async throws -> APIHarness {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeys-api-\(UUID().uuidString)")
    let store = try await SQLiteBookingStore.open(
      path: directory.appendingPathComponent("test.sqlite").path)
    var settings = ServiceSettings.defaults
    settings.catalogueDirectory = repositoryRoot.appendingPathComponent("itineraries").path
    settings.demoDataPath = repositoryRoot.appendingPathComponent("config/demo.yaml").path
    try await Bootstrap.prepare(
      store, settings: settings, now: start, logger: Logger(label: "test"))
    let clock = TestClock(start)
    let service = BookingService(store: store, clock: clock, holdDuration: 48 * 3600)
    return APIHarness(store: store, service: service, clock: clock, directory: directory)
  }

  /// Runs `body` against the router, then closes the store and removes its files.
  static func run(_ body: @Sendable (APIHarness, any TestClientProtocol) async throws -> Void)
    async throws
  {
    let harness = try await make()
    do {
      let app = Application(router: try buildRouter(service: harness.service))
      try await app.test(.router) { client in try await body(harness, client) }
    } catch {
      try? await harness.store.close()
      try? FileManager.default.removeItem(at: harness.directory)
      throw error
    }
    try await harness.store.close()
    try? FileManager.default.removeItem(at: harness.directory)
  }
}

extension TestClientProtocol {
  /// Sends a JSON request and returns the status and the decoded JSON body.
  func json(
    _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
    headers: HTTPFields = [:]
  ) async throws -> (status: HTTPResponse.Status, json: [String: Any], contentType: String?) {
    var headers = headers
    if body != nil { headers[.contentType] = "application/json" }
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
