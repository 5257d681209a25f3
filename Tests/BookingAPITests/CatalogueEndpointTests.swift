import Foundation
import HummingbirdTesting
import Testing

@Suite("Catalogue endpoints")
struct CatalogueEndpointTests {
  @Test func healthAnswersOk() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(.get, "/health")
      #expect(status == .ok)
      #expect(json["status"] as? String == "ok")
    }
  }

  @Test func sitesListTheRealCatalogue() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(.get, "/v1/sites")
      #expect(status == .ok)
      let sites = try #require(json["sites"] as? [[String: Any]])
      #expect(sites.count >= 20)
      #expect(sites.contains { $0["id"] as? String == "lens-louvre-lens" })
    }
  }

  @Test func siteShowsOpeningHoursAndEstimates() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(.get, "/v1/sites/lens-louvre-lens?lang=en")
      #expect(status == .ok)
      let hours = try #require(json["openingHours"] as? [String: Any])
      let weekly = try #require(hours["weekly"] as? [String: [String]])
      #expect(weekly["tue"] == nil)
      #expect(weekly["wed"] == ["10:00-18:00"])
      #expect((json["sources"] as? [String])?.isEmpty == false)
    }
  }

  @Test func unknownSiteIsA404Problem() async throws {
    try await APIHarness.run { _, client in
      let (status, json, type) = try await client.json(.get, "/v1/sites/nowhere")
      #expect(status == .notFound)
      #expect(type == "application/problem+json")
      #expect(json["status"] as? Int == 404)
    }
  }

  @Test func journeyTitlesFollowLangThenAcceptLanguage() async throws {
    try await APIHarness.run { _, client in
      let en = try await client.json(
        .get, "/v1/journeys/loos-ville-pilote", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
      #expect(en.json["title"] as? String == "Loos-en-Gohelle, pilot town")
      let fr = try await client.json(
        .get, "/v1/journeys/loos-ville-pilote?lang=fr", headers: [.acceptLanguage: "en"])
      #expect(fr.json["title"] as? String == "Loos-en-Gohelle, ville pilote")
      let list = try await client.json(.get, "/v1/journeys")
      #expect((list.json["journeys"] as? [Any])?.count ?? 0 >= 6)
    }
  }

  @Test func unknownRouteIsA404Problem() async throws {
    try await APIHarness.run { _, client in
      let (status, _, type) = try await client.json(.get, "/v1/nothing-here")
      #expect(status == .notFound)
      #expect(type == "application/problem+json")
    }
  }
}
