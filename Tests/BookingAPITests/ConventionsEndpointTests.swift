import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
import Testing

@testable import BookingAPI

@Suite("API conventions: paging, entity tags, request ids, metrics")
struct ConventionsEndpointTests {
  @Test func catalogueReadsAnswer304ToTheirOwnETag() async throws {
    try await APIHarness.run { _, client in
      for uri in [
        "/v1/sites", "/v1/sites/loos-base-11-19", "/v1/journeys",
        "/v1/journeys/loos-ville-pilote",
      ] {
        let first = try await client.raw(.get, uri, token: nil)
        let tag = try #require(first.headers[.eTag])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""), "an entity tag is quoted: \(tag)")
        let again = try await client.raw(.get, uri, headers: [.ifNoneMatch: tag], token: nil)
        #expect(again.status == .notModified, "\(uri)")
        #expect(again.body.isEmpty)
        let other = try await client.raw(.get, uri, headers: [.ifNoneMatch: "\"old\""], token: nil)
        #expect(other.status == .ok, "\(uri)")
        // Another language is another representation.
        let english = try await client.raw(.get, uri + "?lang=en", token: nil)
        #expect(english.headers[.eTag] != tag, "\(uri)")
        // Chosen by Accept-Language too: a shared cache must key on it.
        #expect(first.headers[values: .vary].contains("Accept-Language"), "\(uri)")
      }
      let problem = try await client.raw(.get, "/v1/sites/nowhere", token: nil)
      #expect(problem.headers[values: .vary].contains("Accept-Language"))
    }
  }

  @Test func pagesFollowTheirCursorsToTheEndWithoutRepeats() async throws {
    try await APIHarness.run { _, client in
      var seen: [String] = []
      var cursor: String?
      var pages = 0
      repeat {
        let uri = "/v1/sites?limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
        let page = try await client.json(.get, uri, token: nil)
        #expect(page.status == .ok)
        let sites = try #require(page.json["sites"] as? [[String: Any]])
        #expect(sites.count <= 10)
        seen += sites.compactMap { $0["id"] as? String }
        cursor = page.json["nextCursor"] as? String
        pages += 1
      } while cursor != nil && pages < 10
      let all = try await client.json(.get, "/v1/sites?limit=200", token: nil)
      let ids = try #require(all.json["sites"] as? [[String: Any]]).compactMap {
        $0["id"] as? String
      }
      #expect(seen == ids)
      #expect(pages == (ids.count + 9) / 10)
      #expect(all.json["nextCursor"] == nil)
      let forged = try await client.json(.get, "/v1/sites?cursor=bm90LWEtc2l0ZQ", token: nil)
      #expect(forged.status == .badRequest)
    }
  }

  @Test func everyAnswerCarriesARequestIdTheClientsOwnIfSensible() async throws {
    try await APIHarness.run { _, client in
      let mine = try await client.raw(.get, "/health", headers: [.requestID: "trace-42"])
      #expect(mine.headers[.requestID] == "trace-42")
      let fresh = try await client.raw(.get, "/v1/bookings/bk-none")
      #expect(fresh.status == .notFound)
      #expect((fresh.headers[.requestID] ?? "").count >= 16)
      let silly = try await client.raw(.get, "/health", headers: [.requestID: "a b"])
      #expect(silly.headers[.requestID] != "a b")
    }
  }

  @Test func metricsCountRequestsByRouteAndBookingsByState() async throws {
    try await APIHarness.run { _, client in
      _ = try await client.json(.post, "/v1/bookings", bookingBody())
      _ = try await client.json(.get, "/v1/sites/loos-base-11-19")
      let metrics = try await client.raw(.get, "/metrics", token: nil)
      #expect(metrics.status == .ok)
      #expect(metrics.body.contains(#"bookings{state="held"} 1"#))
      #expect(
        metrics.body.contains(
          #"http_requests_total{method="GET",route="/v1/sites/{id}",status="200"} 1"#))
      #expect(metrics.body.contains(#"route="/v1/bookings",status="201""#))
      #expect(metrics.body.contains("http_request_duration_seconds_bucket"))
      _ = try await client.raw(.delete, "/v1/sites", token: nil)
      let after = try await client.raw(.get, "/metrics", token: nil)
      // A method the address does not take is counted apart from the API's routes.
      #expect(
        after.body.contains(
          #"http_requests_total{method="DELETE",route="unmatched",status="405"} 1"#))
    }
  }

  @Test func aMalformedQueryParameterIsNotBlamedOnABody() async throws {
    try await APIHarness.run { _, client in
      let answer = try await client.json(.get, "/v1/journeys?limit=abc&lang=en", token: nil)
      #expect(answer.status == .badRequest)
      let detail = try #require(answer.json["detail"] as? String)
      #expect(detail == "limit: “abc” is not a whole number.", "\(detail)")
    }
  }

  @Test func aMissingParameterOrContentTypeIsSaidInTheCallersLanguage() async throws {
    try await APIHarness.run { _, client in
      let german = try await client.json(.get, "/v1/journeys?lang=de", token: nil)
      #expect(german.status == .badRequest)
      #expect(
        german.json["detail"] as? String
          == "lang : « de » n'est pas une langue des textes ; fr ou en.")
      let schedule = try await client.json(.get, "/v1/guides/guide-camille/schedule")
      #expect(schedule.status == .badRequest)
      #expect(
        schedule.json["detail"] as? String
          == "from : paramètre obligatoire absent de l'adresse (après « ? »).")
      let untyped = try await client.execute(
        uri: "/v1/guides/guide-camille/absences", method: .post,
        headers: [.authorization: "Bearer \(APIHarness.adminSecret)", .contentType: "text/plain"],
        body: ByteBuffer(string: #"{"from":"2027-05-12","to":"2027-05-12"}"#)
      ) { response in
        (response.status, String(buffer: response.body))
      }
      #expect(untyped.0 == .unsupportedMediaType)
      let detail = try #require(
        try JSONSerialization.jsonObject(with: Data(untyped.1.utf8)) as? [String: Any])["detail"]
      #expect(
        detail as? String
          == "Le corps doit être envoyé avec Content-Type: application/json (reçu : text/plain).")
    }
  }

  /// The OpenAPI runtime's error describes the request it failed on, headers included.
  @Test func aServerErrorIsLoggedWithoutTheRequestsBearerToken() {
    struct Cause: Error {}
    let error = ServerError(
      operationID: "assembleJourney",
      request: HTTPRequest(
        method: .post, scheme: nil, authority: nil, path: "/v1/journeys/assemble",
        headerFields: [.authorization: "Bearer va_secret-token"]),
      requestBody: nil, requestMetadata: .init(), causeDescription: "Unknown",
      underlyingError: Cause())
    #expect("\(error)".contains("va_secret-token"), "the runtime's own description has it")
    let logged = Problem.logged(error)
    #expect(!logged.contains("va_secret-token"))
    #expect(logged.contains("assembleJourney") && logged.contains("Cause"))
  }
}
