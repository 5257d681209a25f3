import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import Testing

@Suite("The contract")
struct ContractTests {
  static let document = try! String(
    contentsOf: repositoryRoot.appendingPathComponent("Sources/BookingAPI/openapi.yaml"),
    encoding: .utf8)

  /// The (method, path) of every operation of the document, read from its `paths:` block.
  static var operations: [(method: HTTPRequest.Method, path: String)] {
    var found: [(HTTPRequest.Method, String)] = []
    var path: String?
    for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("components:") { break }
      if line.hasPrefix("  /"), line.hasSuffix(":") {
        path = String(line.dropFirst(2).dropLast())
      } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
        let method = HTTPRequest.Method(
          String(line.trimmingCharacters(in: .whitespaces).dropLast()).uppercased())
      {
        found.append((method, path))
      }
    }
    return found
  }

  @Test func theServedDocumentIsTheRepositorysContract() async throws {
    try await APIHarness.run { _, client in
      let served = try await client.execute(uri: "/openapi.yaml", method: .get) { response in
        (response.status, String(buffer: response.body), response.headers[.contentType])
      }
      #expect(served.0 == .ok)
      #expect(served.2 == "application/yaml")
      #expect(served.1 == Self.document)
    }
  }

  @Test func everyDocumentedOperationIsRoutedAndNothingElseIs() async throws {
    // Operations, not the links between them (which name operations deeper in).
    #expect(
      Self.operations.count == Self.document.components(separatedBy: "\n      operationId:").count
        - 1)
    try await APIHarness.run { _, client in
      for (method, path) in Self.operations {
        // Required query parameters, so that the route is reached, not refused before it.
        let uri =
          path.replacingOccurrences(of: "{id}", with: "x")
          + "?guide=g&token=t&from=2027-05-12&to=2027-05-12"
        let (status, json, _) = try await client.json(method, uri, method == .post ? "{}" : nil)
        // The router's own 404 (no such route) is the only problem of type about:blank.
        let unrouted = status == .notFound && json["type"] as? String == "about:blank"
        #expect(!unrouted, "\(method) \(path) is documented but not routed")
      }
      let undocumented = try await client.json(.get, "/v1/undocumented")
      #expect(undocumented.status == .notFound)
      #expect(undocumented.json["type"] as? String == "about:blank")
      // Said in the caller's language, like every problem.
      let french = try await client.json(.get, "/v1/undocumented?lang=fr")
      #expect(french.json["title"] as? String == "Introuvable")
      #expect((french.json["detail"] as? String)?.contains("/openapi.yaml") == true)
    }
  }

  @Test func aKnownAddressAskedWithAnotherMethodAnswers405WithTheMethodsItTakes() async throws {
    // HEAD goes wherever GET does.
    let documented = Dictionary(grouping: Self.operations, by: \.path)
      .mapValues { Set($0.map(\.method.rawValue)) }
      .mapValues { $0.contains("GET") ? $0.union(["HEAD"]) : $0 }
    try await APIHarness.run { _, client in
      for (path, methods) in documented {
        let uri = path.replacingOccurrences(of: "{id}", with: "x")
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete]
        where !methods.contains(method.rawValue) {
          let answer = try await client.raw(method, uri + "?lang=en")
          #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
          let allow = answer.headers[.allow]?.components(separatedBy: ", ") ?? []
          #expect(Set(allow) == methods, "\(method) \(path): Allow \(allow)")
          #expect(answer.body.contains("not \(method.rawValue)"), "\(answer.body)")
        }
      }
      let head = try await client.raw(.head, "/v1/sites", token: nil)
      #expect(head.status == .ok && head.body.isEmpty)
      // Ids are any segment, but not more of them.
      #expect(try await client.raw(.delete, "/v1/bookings/x/y").status == .notFound)
    }
  }

  @Test func everyProblemTypeAndViolationCodeIsDocumented() throws {
    let sources = repositoryRoot.appendingPathComponent("Sources/BookingAPI")
    var emitted: Set<String> = []
    for file in try FileManager.default.contentsOfDirectory(atPath: sources.path)
    where file.hasSuffix(".swift") {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for match in text.matches(of: /"(\/problems\/[a-z-]+)"/) { emitted.insert(String(match.1)) }
    }
    #expect(emitted.count >= 15)
    for type in emitted.sorted() {
      #expect(Self.document.contains("`\(type)`"), "\(type) is not documented")
    }
    let codes =
      Violation.Code.bookingCodes + [
        .assemblyNotSelected, .assemblyExcluded, .assemblyNoLunch, .assemblyAccessUnconfirmed,
        .assemblyDayUnplanned, .guideToBeFound,
      ]
    for code in codes {
      #expect(Self.document.contains("| `\(code.rawValue)` |"), "\(code) is not documented")
    }
  }

  @Test func livenessAndReadiness() async throws {
    try await APIHarness.run { _, client in
      #expect(try await client.json(.get, "/health").status == .ok)
      let ready = try await client.json(.get, "/ready")
      #expect(ready.status == .ok)
      #expect(ready.json["status"] as? String == "ready")
    }
  }
}
