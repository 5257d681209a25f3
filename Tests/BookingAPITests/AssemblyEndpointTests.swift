import Foundation
import HummingbirdTesting
import Journeys
import Testing

@Suite("POST /v1/journeys/assemble")
struct AssemblyEndpointTests {
  static let request = """
    {"from":"2027-04-13","days":3,"groupSize":30,"language":"en","wheelchairUsers":1,
     "themes":{"energy":3,"participation":3,"biodiversity":1},"startTime":"09:30","seconds":0.3}
    """

  @Test func aProgrammeIsProposedAndEachDayCanBeHeld() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(
        .post, "/v1/journeys/assemble?lang=en", Self.request)
      #expect(status == .ok)
      let days = try #require(json["days"] as? [[String: Any]])
      #expect(days.count >= 2)
      #expect((json["score"] as? Double ?? 0) > 0)
      let left = try #require(json["leftOut"] as? [[String: Any]])
      #expect(left.allSatisfy { ($0["reasons"] as? [Any])?.isEmpty == false })
      let first = try #require(days.first)
      let journey = try #require(first["journey"] as? [String: Any])
      let id = try #require(journey["id"] as? String)
      #expect(id.hasPrefix("custom-"))
      let programme = try #require(first["programme"] as? [[String: Any]])
      #expect(programme.contains { $0["kind"] as? String == "lunch" })
      // Unlisted, but read like any journey.
      let read = try await client.json(.get, "/v1/journeys/\(id)?lang=en", token: nil)
      #expect(read.status == .ok)
      #expect((read.json["stops"] as? [Any])?.count == programme.count)
      #expect(
        try await client.json(.get, "/v1/journeys/custom-0000000000000000").status == .notFound)
      // The day is held through the usual booking flow, under every rule again.
      let held = try await client.json(
        .post, "/v1/bookings",
        bookingBody(journey: id, date: "2027-04-13", size: 30, language: "en"))
      #expect(held.status == .created, "\(held.json)")
      #expect((held.json["journey"] as? [String: Any])?["id"] as? String == id)
      // The delegation's calendar is named by the day's title, not its id.
      let booking = try #require(held.json["id"] as? String)
      let calendar = try await client.raw(.get, "/v1/bookings/\(booking)/calendar.ics")
      #expect(
        calendar.body.contains(#"X-WR-CALNAME:Custom learning journey\, day 1"#),
        "\(calendar.body.prefix(400))")
    }
  }

  @Test func anUnknownThemeIsABadRequestThatNamesTheThemes() async throws {
    try await APIHarness.run { _, client in
      let (status, json, contentType) = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":1,"groupSize":10,"language":"fr","themes":{"solar":2}}"#)
      #expect(status == .badRequest)
      #expect(contentType == "application/problem+json")
      #expect((json["detail"] as? String)?.contains("energy") == true)
    }
  }

  @Test func tooManyDaysOrNoInterestAreRefusedWithWhy() async throws {
    try await APIHarness.run { _, client in
      let long = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":9,"groupSize":10,"language":"fr","themes":{"energy":1}}"#)
      #expect(long.status == .badRequest)
      // Checked before any date arithmetic: no overflow, no scan of millions of years.
      let huge = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":9223372036854775807,"groupSize":10,"language":"fr","themes":{"energy":1}}"#
      )
      #expect(huge.status == .badRequest)
      let nothing = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":1,"groupSize":10,"language":"fr","themes":{}}"#)
      #expect(nothing.status == .badRequest)
      #expect((nothing.json["detail"] as? String)?.contains("theme") == true)
    }
  }

  @Test func aMalformedBodyIsRefusedNamingTheFieldInTheCallersLanguage() async throws {
    try await APIHarness.run { _, client in
      let missing = try await client.json(
        .post, "/v1/journeys/assemble?lang=fr",
        #"{"days":1,"groupSize":10,"language":"fr","themes":{"energy":1}}"#)
      #expect(missing.status == .badRequest)
      #expect(missing.json["detail"] as? String == "from : champ obligatoire absent.")
      let wrong = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":"3","groupSize":10,"language":"fr","themes":{"energy":1}}"#)
      #expect(wrong.status == .badRequest)
      #expect(wrong.json["detail"] as? String == "days: a whole number is expected.")
    }
  }

  @Test func outOfRangeSeedWeightOrTimeIsABadRequestNotAnError() async throws {
    try await APIHarness.run { _, client in
      for (field, value) in [
        ("seed", "-4"), ("themes", #"{"energy":1e308}"#), ("startTime", #""9:30""#),
      ] {
        var body: [String: String] = [
          "from": #""2027-04-13""#, "days": "1", "groupSize": "10", "language": #""fr""#,
          "themes": #"{"energy":1}"#,
        ]
        body[field] = value
        let json = "{" + body.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let answer = try await client.json(.post, "/v1/journeys/assemble?lang=en", json)
        #expect(answer.status == .badRequest, "\(field): \(answer.json)")
      }
    }
  }

  @Test func aBodyOverOneMebibyteIsRefusedUnread() async throws {
    try await APIHarness.run { _, client in
      let sites = Array(repeating: #""loos-base-11-19""#, count: 70_000).joined(separator: ",")
      let answer = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-04-13","days":1,"groupSize":10,"language":"fr","themes":{"energy":1},"exclude":["#
          + sites + "]}")
      #expect(answer.status == .contentTooLarge)
      #expect(answer.json["type"] as? String == "/problems/request-too-large")
    }
  }
}
