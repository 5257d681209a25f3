import Foundation
import HummingbirdTesting
import Testing

@Suite("Rules through the API")
struct RulesEndpointTests {
  @Test func aStartTimeInTheSpringForwardGapIsRefusedWithItsOwnCode() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(
        .post, "/v1/availability?lang=en",
        #"{"journey":"memoire-14-18-et-paysages","from":"2027-03-28","to":"2027-03-28","groupSize":20,"language":"fr","startTime":"02:30"}"#
      )
      #expect(status == .ok)
      let day = try #require((json["days"] as? [[String: Any]])?.first)
      let codes = (day["violations"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
      #expect(codes?.contains("time.nonexistent") == true)
    }
  }

  @Test func suggestProposesOtherDatesForATuesdayAtTheLouvreLens() async throws {
    try await APIHarness.run { _, client in
      let (_, json, _) = try await client.json(
        .post, "/v1/availability?lang=en",
        #"{"journey":"de-la-mine-au-louvre-lens","from":"2027-05-11","to":"2027-05-11","groupSize":20,"language":"fr","suggest":true}"#
      )
      let day = try #require((json["days"] as? [[String: Any]])?.first)
      let alternatives = try #require(day["alternatives"] as? [[String: Any]])
      let dates = alternatives.filter { $0["kind"] as? String == "other_date" }.compactMap {
        $0["date"] as? String
      }
      #expect(dates.first == "2027-05-10")
      #expect(dates.contains("2027-05-12"))
      #expect(!dates.contains("2027-05-11"))
      let first = try #require(alternatives.first)
      #expect((first["change"] as? String)?.hasPrefix("On Monday 10 May 2027") == true)
      let groups = try #require(first["groups"] as? [[String: Any]])
      #expect((groups.first?["programme"] as? [Any])?.isEmpty == false)
    }
  }

  @Test func feasibleDatesCarryNoAlternatives() async throws {
    try await APIHarness.run { _, client in
      let (_, json, _) = try await client.json(
        .post, "/v1/availability",
        #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":20,"language":"fr","suggest":true}"#
      )
      let day = try #require((json["days"] as? [[String: Any]])?.first)
      #expect(day["available"] as? Bool == true)
      #expect(day["alternatives"] == nil)
    }
  }

  @Test func aDayNothingCanMendSaysSoWithAnEmptyListWhenAskedOnly() async throws {
    try await APIHarness.run { _, client in
      // 70 people: above the journey's 30, and two sub-groups of 35 are still too many.
      let body =
        #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":70,"language":"fr"}"#
      for suggest in [true, false] {
        let asked = body.replacingOccurrences(of: "}", with: #","suggest":\#(suggest)}"#)
        let (_, json, _) = try await client.json(.post, "/v1/availability", asked)
        let day = try #require((json["days"] as? [[String: Any]])?.first)
        #expect(day["available"] as? Bool == false)
        if suggest {
          #expect((day["alternatives"] as? [Any])?.isEmpty == true, "\(day)")
        } else {
          #expect(day["alternatives"] == nil)
        }
      }
    }
  }

  @Test func aBookingCanStartAtAnotherTime() async throws {
    try await APIHarness.run { _, client in
      let body = bookingBody().replacingOccurrences(
        of: #""groupSize":25"#, with: #""groupSize":25,"startTime":"09:15""#)
      let created = try await client.json(.post, "/v1/bookings", body)
      #expect(created.status == .created)
      let first = try #require((created.json["programme"] as? [[String: Any]])?.first)
      #expect(first["start"] as? String == "2027-05-12T09:15:00+02:00")
      let bad = try await client.json(
        .post, "/v1/bookings",
        bookingBody().replacingOccurrences(
          of: #""groupSize":25"#, with: #""groupSize":25,"startTime":"9h30""#))
      #expect(bad.status == .badRequest)
    }
  }
}
