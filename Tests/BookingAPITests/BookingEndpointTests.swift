import Foundation
import HummingbirdTesting
import Journeys
import Testing

@Suite("Availability and bookings")
struct BookingEndpointTests {
  @Test func availabilityGivesATimedProgrammeWithOffsets() async throws {
    try await APIHarness.run { _, client in
      let (status, json, _) = try await client.json(
        .post, "/v1/availability",
        #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":25,"language":"fr"}"#
      )
      #expect(status == .ok)
      let day = try #require((json["days"] as? [[String: Any]])?.first)
      #expect(day["available"] as? Bool == true)
      let programme = try #require(day["programme"] as? [[String: Any]])
      let first = try #require(programme.first)
      #expect(first["start"] as? String == "2027-05-12T09:00:00+02:00")
      #expect(programme.contains { $0["guide"] != nil })
    }
  }

  @Test func aWheelchairUserIsToldWhichStopsHaveStepFreeAccessTheCatalogueCannotConfirm()
    async throws
  {
    try await APIHarness.run { _, client in
      let availability = try await client.json(
        .post, "/v1/availability?lang=en",
        #"{"journey":"de-la-mine-au-louvre-lens","from":"2027-05-12","to":"2027-05-12","groupSize":25,"language":"fr","wheelchairUsers":1}"#
      )
      let day = try #require((availability.json["days"] as? [[String: Any]])?.first)
      let programme = try #require(day["programme"] as? [[String: Any]])
      func notes(_ visits: [[String: Any]], at site: String) -> [String] {
        visits.filter { ($0["site"] as? [String: Any])?["id"] as? String == site }
          .flatMap { ($0["notes"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
      }
      #expect(day["available"] as? Bool == true)
      #expect(notes(programme, at: "loos-menadel-saint-hubert") == ["assembly.access_unconfirmed"])
      #expect(notes(programme, at: "lens-louvre-lens").isEmpty)
      // The booking says it too; without wheelchair users, nothing is noted.
      var body = bookingBody(journey: "de-la-mine-au-louvre-lens")
      body = body.replacingOccurrences(
        of: #""groupSize":"#, with: #""wheelchairUsers":1,"groupSize":"#)
      let held = try await client.json(.post, "/v1/bookings", body)
      #expect(held.status == .created, "\(held.json)")
      let visits = try #require(held.json["programme"] as? [[String: Any]])
      #expect(notes(visits, at: "loos-menadel-saint-hubert") == ["assembly.access_unconfirmed"])
      let plain = try await client.json(
        .post, "/v1/bookings", bookingBody(journey: "de-la-mine-au-louvre-lens", date: "2027-05-19")
      )
      let plainVisits = try #require(plain.json["programme"] as? [[String: Any]])
      #expect(plainVisits.allSatisfy { $0["notes"] == nil })
    }
  }

  @Test func aMisspeltFieldIsRefusedNamedRatherThanDropped() async throws {
    try await APIHarness.run { harness, client in
      // "wheelchair_users" dropped would hold a booking for a group that cannot go up the
      // slag heaps.
      let cases = [
        (
          "/v1/bookings",
          #"{"journey":"loos-ville-pilote","date":"2027-05-12","groupSize":20,"language":"fr","organisation":"demo","wheelchair_users":2,"contact":{"name":"C"}}"#,
          "wheelchair_users"
        ),
        (
          "/v1/bookings",
          #"{"journey":"loos-ville-pilote","date":"2027-05-12","groupSize":20,"language":"fr","organisation":"demo","contact":{"name":"C","notes":"vegetarian x3"}}"#,
          "contact.notes"
        ),
        (
          "/v1/availability",
          #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":20,"language":"fr","wheelchairusers":2}"#,
          "wheelchairusers"
        ),
        (
          "/v1/journeys/assemble",
          #"{"from":"2027-05-12","days":1,"groupSize":20,"language":"fr","themes":{"energy":1},"exclued":["lens-louvre-lens"]}"#,
          "exclued"
        ),
        (
          "/v1/guides/guide-thomas/absences",
          #"{"from":"2027-05-12","to":"2027-05-12","motif":"congés"}"#, "motif"
        ),
      ]
      for (uri, body, field) in cases {
        let answer = try await client.json(.post, uri + "?lang=en", body)
        #expect(answer.status == .badRequest, "\(uri) \(answer.json)")
        #expect(
          answer.json["detail"] as? String
            == "\(field): this request has no such field (see the contract).", "\(answer.json)")
      }
      #expect(
        try await harness.store.bookings(BookingQuery(date: LocalDate("2027-05-12")!)).isEmpty)
    }
  }

  @Test func aLanguageCodeThatNamesNoLanguageIsRefused() async throws {
    try await APIHarness.run { _, client in
      let answer = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-05-12","days":1,"groupSize":20,"language":"xx","themes":{"energy":1}}"#)
      #expect(answer.status == .badRequest)
      #expect((answer.json["detail"] as? String)?.contains("ISO 639-1") == true)
    }
  }

  @Test func aContactFieldWithALineBreakIsRefused() async throws {
    try await APIHarness.run { _, client in
      let body = bookingBody().replacingOccurrences(
        of: #""name":"Claire Demeyer""#, with: #""name":"Claire\nDemeyer""#)
      let answer = try await client.json(.post, "/v1/bookings?lang=en", body)
      #expect(answer.status == .badRequest)
      #expect((answer.json["detail"] as? String)?.hasPrefix("contact.name: ") == true)
    }
  }

  @Test func louvreLensIsRefusedOnATuesdayWithItsReason() async throws {
    try await APIHarness.run { _, client in
      let (_, json, _) = try await client.json(
        .post, "/v1/availability?lang=en",
        #"{"journey":"de-la-mine-au-louvre-lens","from":"2027-05-10","to":"2027-05-11","groupSize":20,"language":"fr"}"#
      )
      let days = try #require(json["days"] as? [[String: Any]])
      #expect(days.count == 2)
      #expect(days[0]["available"] as? Bool == true)
      #expect(days[1]["available"] as? Bool == false)
      let violations = try #require(days[1]["violations"] as? [[String: Any]])
      let closed = try #require(violations.first { $0["code"] as? String == "site.closed" })
      #expect(closed["siteId"] as? String == "lens-louvre-lens")
      #expect((closed["message"] as? String)?.contains("closed on Tuesdays") == true)
      let messages = try #require(closed["messages"] as? [String: String])
      #expect(messages["fr"]?.contains("ferme le mardi") == true)
    }
  }

  @Test func aHoldTheNewCatalogueContradictsIsNotConfirmed() async throws {
    try await APIHarness.run { harness, client in
      let created = try await client.json(.post, "/v1/bookings", bookingBody())
      let id = try #require(created.json["id"] as? String)
      // The town hall closes on the booked day after the hold was made.
      var catalogue = try await harness.store.catalogue()
      let index = try #require(catalogue.sites.firstIndex { $0.id == "loos-mairie" })
      catalogue.sites[index].openingHours.closures.append(
        .init(date: LocalDate("2027-05-12")!, reason: "travaux", reasonInEnglish: "works"))
      _ = try await harness.store.publish(catalogue, at: harness.clock.now())
      let refused = try await client.json(.post, "/v1/bookings/\(id)/confirm?lang=en")
      #expect(refused.status == .conflict)
      let violations = try #require(refused.json["violations"] as? [[String: Any]])
      #expect(violations.map { $0["code"] as? String } == ["site.closed"])
      #expect((violations.first?["message"] as? String)?.contains("works") == true)
      let shown = try await client.json(.get, "/v1/bookings/\(id)")
      #expect(shown.json["state"] as? String == "held")
    }
  }

  @Test func aHoldOnAJourneyWithdrawnSinceOrForAGroupNowTooLargeIsNotConfirmed() async throws {
    try await APIHarness.run { harness, client in
      let created = try await client.json(.post, "/v1/bookings", bookingBody())
      let id = try #require(created.json["id"] as? String)
      let booked = try #require(try await harness.store.booking(Booking.ID(id)))
      var catalogue = try await harness.store.catalogue()
      catalogue.journeys.removeAll { $0.id == booked.journey }
      let site = try #require(booked.visits.first?.site)
      let index = try #require(catalogue.sites.firstIndex { $0.id == site })
      catalogue.sites[index].capacity.maxGroupSize = booked.group.headcount - 1
      _ = try await harness.store.publish(catalogue, at: harness.clock.now())
      let refused = try await client.json(.post, "/v1/bookings/\(id)/confirm?lang=en")
      #expect(refused.status == .conflict)
      let violations = try #require(refused.json["violations"] as? [[String: Any]])
      #expect(
        violations.compactMap { $0["code"] as? String }
          == ["journey.withdrawn", "site.group_too_large"])
      // Nor changed: a smaller group would still hold a journey no longer on offer.
      let read = try await client.raw(.get, "/v1/bookings/\(id)")
      let tag = try #require(read.headers[.eTag])
      let changed = try await client.json(
        .patch, "/v1/bookings/\(id)?lang=en", #"{"groupSize":10}"#, headers: [.ifMatch: tag])
      #expect(changed.status == .conflict)
      let why = try #require(changed.json["violations"] as? [[String: Any]])
      #expect(why.compactMap { $0["code"] as? String } == ["journey.withdrawn"])
    }
  }

  @Test func holdConfirmCancelRoundTrip() async throws {
    try await APIHarness.run { _, client in
      let created = try await client.json(.post, "/v1/bookings", bookingBody())
      #expect(created.status == .created)
      #expect(created.json["state"] as? String == "held")
      #expect(created.json["expiresAt"] as? String == "2027-03-03T09:00:00+01:00")
      let id = try #require(created.json["id"] as? String)

      let fetched = try await client.json(.get, "/v1/bookings/\(id)")
      #expect(fetched.json["state"] as? String == "held")
      let confirmed = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      #expect(confirmed.status == .ok)
      #expect(confirmed.json["state"] as? String == "confirmed")
      let cancelled = try await client.json(.post, "/v1/bookings/\(id)/cancel")
      #expect(cancelled.json["state"] as? String == "cancelled")
      let again = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      #expect(again.status == .conflict)
    }
  }

  @Test func expiredHoldCannotBeConfirmedAndFreesItsPlace() async throws {
    try await APIHarness.run { harness, client in
      // Alimentation durable's micro-farm takes one group at a time: fill the day's slot.
      var first: String?
      var refused = false
      for _ in 0..<12 where !refused {
        let response = try await client.json(
          .post, "/v1/bookings", bookingBody(journey: "alimentation-durable", size: 20))
        if response.status == .created {
          first = first ?? response.json["id"] as? String
        } else {
          #expect(response.status == .conflict)
          refused = true
        }
      }
      #expect(refused, "the day should fill up")
      let id = try #require(first)
      harness.clock.advance(hours: 49)
      let late = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      #expect(late.status == .conflict)
      #expect(late.json["type"] as? String == "/problems/hold-expired")
      let shown = try await client.json(.get, "/v1/bookings/\(id)")
      #expect(shown.json["state"] as? String == "expired")
      // When it lapsed stays readable.
      #expect(shown.json["expiresAt"] as? String == "2027-03-03T09:00:00+01:00")
      let again = try await client.json(
        .post, "/v1/bookings", bookingBody(journey: "alimentation-durable", size: 20))
      #expect(again.status == .created)
    }
  }

  @Test func refusalIsAConflictProblemWithEveryViolation() async throws {
    try await APIHarness.run { _, client in
      let (status, json, type) = try await client.json(
        .post, "/v1/bookings", bookingBody(date: "2027-05-06", size: 60, language: "de"),
        headers: [.acceptLanguage: "en"])
      #expect(status == .conflict)
      #expect(type == "application/problem+json")
      let codes = try #require(json["violations"] as? [[String: Any]]).compactMap {
        $0["code"] as? String
      }
      #expect(codes.contains("journey.group_size"))
      #expect(codes.contains("journey.language"))
      #expect(codes.contains("site.closed"))  // 6 May 2027 is Ascension Day
    }
  }

  @Test func badRequestsAreExplained() async throws {
    try await APIHarness.run { _, client in
      let broken = try await client.json(.post, "/v1/bookings", #"{"journey":"#)
      #expect(broken.status == .badRequest)
      #expect(broken.contentType == "application/problem+json")
      let badDate = try await client.json(.post, "/v1/bookings", bookingBody(date: "2027-02-30"))
      #expect(badDate.status == .badRequest)
      #expect((badDate.json["detail"] as? String)?.contains("date") == true)
      let unknown = try await client.json(
        .post, "/v1/bookings", bookingBody(organisation: "nobody"))
      #expect(unknown.status == .unprocessableContent)
      let missing = try await client.json(.get, "/v1/bookings/bk-unknown")
      #expect(missing.status == .notFound)
      let tooLong = try await client.json(
        .post, "/v1/availability",
        #"{"journey":"loos-ville-pilote","from":"2027-01-01","to":"2027-12-31","groupSize":25,"language":"fr"}"#
      )
      #expect(tooLong.status == .badRequest)
      // The contract's lengths hold: a phone of 60 characters is refused, naming the field.
      let longPhone = String(repeating: "0", count: 60)
      let phone = try await client.json(
        .post, "/v1/bookings?lang=en",
        bookingBody().replacingOccurrences(
          of: "\"email\":\"claire@example.org\"",
          with: "\"email\":\"claire@example.org\",\"phone\":\"\(longPhone)\""))
      #expect(phone.status == .badRequest)
      #expect(
        phone.json["detail"] as? String == "contact.phone: At most 50 characters (60 given).")
    }
  }

  @Test func bookingIsStoredWithItsVisits() async throws {
    try await APIHarness.run { harness, client in
      let created = try await client.json(.post, "/v1/bookings", bookingBody())
      let id = try #require(created.json["id"] as? String)
      let stored = try #require(try await harness.store.booking(Booking.ID(id)))
      #expect(stored.group.headcount == 25)
      #expect(!stored.visits.isEmpty)
      let listed = try await harness.service.bookings(.init(date: LocalDate("2027-05-12")))
      #expect(listed.map(\.id) == [stored.id])
    }
  }
}
