import Foundation
import HTTPTypes
import HummingbirdTesting
import Journeys
import JourneysStore
import Testing

@testable import BookingAPI

@Suite("Changing a booking: headcount, If-Match, deadline, history")
struct BookingChangeEndpointTests {
  /// A held booking of 25 and its ETag.
  static func held(_ client: any TestClientProtocol) async throws -> (id: String, tag: String) {
    let created = try await client.json(.post, "/v1/bookings", bookingBody())
    let id = try #require(created.json["id"] as? String)
    // The journey's deadline, a week before the day, is said with the booking.
    #expect(created.json["changesUntil"] as? String == "2027-05-05T00:00:00+02:00")
    let read = try await client.raw(.get, "/v1/bookings/\(id)")
    let tag = try #require(read.headers[.eTag])
    #expect(tag == "\"\(id)-r0\"")
    return (id, tag)
  }

  @Test func theHeadcountChangesOnlyWithTheCurrentETag() async throws {
    try await APIHarness.run { _, client in
      let (id, tag) = try await Self.held(client)
      let body = #"{"groupSize":30}"#
      let missing = try await client.json(.patch, "/v1/bookings/\(id)", body)
      #expect(missing.status == .init(code: 428))
      #expect(missing.json["type"] as? String == "/problems/precondition-required")
      // A tag a compressing proxy weakened never matches, and the answer says why.
      let weak = try await client.json(
        .patch, "/v1/bookings/\(id)?lang=en", body, headers: [.ifMatch: "W/" + tag])
      #expect(weak.status == .preconditionFailed)
      #expect((weak.json["detail"] as? String)?.contains("without W/") == true, "\(weak.json)")
      let changed = try await client.raw(
        .patch, "/v1/bookings/\(id)", body, headers: [.ifMatch: tag])
      #expect(changed.status == .ok)
      #expect(changed.body.contains(#""groupSize":30"#))
      let newTag = try #require(changed.headers[.eTag])
      #expect(newTag != tag)
      // The old tag no longer matches: someone changed the booking since it was read.
      let stale = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":12}"#, headers: [.ifMatch: tag])
      #expect(stale.status == .preconditionFailed)
      #expect(stale.json["type"] as? String == "/problems/booking-changed")
      let staleConfirm = try await client.json(
        .post, "/v1/bookings/\(id)/confirm", headers: [.ifMatch: tag])
      #expect(staleConfirm.status == .preconditionFailed)
      let confirmed = try await client.json(
        .post, "/v1/bookings/\(id)/confirm", headers: [.ifMatch: newTag])
      #expect(confirmed.status == .ok)
      // The same confirmation retried (its answer lost) is answered as done, not as a change
      // made by someone else.
      let retried = try await client.json(
        .post, "/v1/bookings/\(id)/confirm", headers: [.ifMatch: newTag])
      #expect(retried.status == .ok)
      #expect(retried.json["state"] as? String == "confirmed")

      let history = try await client.json(.get, "/v1/bookings/\(id)/history")
      let entries = try #require(history.json["entries"] as? [[String: Any]])
      #expect(
        entries.compactMap { $0["action"] as? String }
          == ["booking.held", "booking.changed", "booking.confirmed"])
      #expect(entries.allSatisfy { $0["actor"] as? String == "admin:tests" })
      let before = try #require(entries[1]["before"] as? [String: Any])
      let after = try #require(entries[1]["after"] as? [String: Any])
      #expect(before["groupSize"] as? Int == 25)
      #expect(after["groupSize"] as? Int == 30)
    }
  }

  @Test func aHeadcountTheRulesRefuseChangesNothing() async throws {
    try await APIHarness.run { harness, client in
      let (id, tag) = try await Self.held(client)
      let refused = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":900}"#, headers: [.ifMatch: tag])
      #expect(refused.status == .conflict)
      let violations = try #require(refused.json["violations"] as? [[String: Any]])
      #expect(violations.contains { $0["code"] as? String == "journey.group_size" })
      #expect(
        violations.allSatisfy {
          ($0["type"] as? String) == "/problems/violations/\($0["code"] as? String ?? "")"
        })
      let stored = try #require(try await harness.store.booking(Booking.ID(id)))
      #expect(stored.group.headcount == 25 && stored.revision == nil)
    }
  }

  @Test func noChangeAfterTheJourneysDeadline() async throws {
    try await APIHarness.run { harness, client in
      let (id, tag) = try await Self.held(client)
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      let read = try await client.raw(.get, "/v1/bookings/\(id)")
      // 12 May is a Wednesday; the deadline is the start of 5 May (a week before).
      harness.clock.advance(hours: 24 * 65)  // 2027-05-05T08:00Z
      let late = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":20}"#,
        headers: [.ifMatch: read.headers[.eTag] ?? tag])
      #expect(late.status == .conflict)
      #expect(late.json["type"] as? String == "/problems/change-deadline-passed")
    }
  }

  @Test func theHeadcountChangesUntilTheDeadlineEvenWithinASitesNotice() async throws {
    try await APIHarness.run { harness, client in
      let (id, _) = try await Self.held(client)
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      // 11 days before 12 May: within the town hall's 21 days of notice for a new booking, but
      // before the journey's deadline for changes (a week).
      harness.clock.advance(hours: 24 * 61)
      let tag = try #require(try await client.raw(.get, "/v1/bookings/\(id)").headers[.eTag])
      let smaller = try await client.json(
        .patch, "/v1/bookings/\(id)?lang=en", #"{"groupSize":19}"#, headers: [.ifMatch: tag])
      #expect(smaller.status == .ok, "\(smaller.json)")
      #expect(smaller.json["groupSize"] as? Int == 19)
      // A new booking of the same day still needs the notice.
      let late = try await client.json(
        .post, "/v1/availability?lang=en",
        #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":19,"language":"fr"}"#
      )
      let codes =
        ((late.json["days"] as? [[String: Any]])?.first?["violations"] as? [[String: Any]])?
        .compactMap { $0["code"] as? String }
      #expect(codes?.contains("site.notice") == true, "\(late.json)")
    }
  }

  @Test func aCancelledBookingCannotChange() async throws {
    try await APIHarness.run { _, client in
      let (id, _) = try await Self.held(client)
      _ = try await client.json(.post, "/v1/bookings/\(id)/cancel")
      let tag = try #require(try await client.raw(.get, "/v1/bookings/\(id)").headers[.eTag])
      let refused = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":20}"#, headers: [.ifMatch: tag])
      #expect(refused.status == .conflict)
      #expect(refused.json["type"] as? String == "/problems/invalid-transition")
    }
  }
}

@Suite("Changing a booking: what the review found")
struct BookingChangeEdgeTests {
  @Test func ifMatchPassesWhenAnyOfItsTagsIsCurrent() async throws {
    try await APIHarness.run { _, client in
      let (id, tag) = try await BookingChangeEndpointTests.held(client)
      let both = "\"\(id)-r7\", \(tag)"
      let changed = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":26}"#, headers: [.ifMatch: both])
      #expect(changed.status == .ok)
      let other = try await client.json(
        .post, "/v1/bookings/\(id)/confirm", headers: [.ifMatch: "\"bk-other-r1\""])
      #expect(other.status == .preconditionFailed)
      let any = try await client.raw(.post, "/v1/bookings/\(id)/confirm", headers: [.ifMatch: "*"])
      #expect(any.status == .ok)
      #expect(any.headers[.eTag] == "\"\(id)-r2\"")
    }
  }

  @Test func moreWheelchairUsersThanPeopleIsRefused() async throws {
    try await APIHarness.run { harness, client in
      let created = try await client.json(
        .post, "/v1/bookings",
        #"{"journey":"loos-ville-pilote","date":"2027-05-12","groupSize":10,"language":"fr","wheelchairUsers":0,"organisation":"demo","contact":{"name":"C"}}"#
      )
      let id = try #require(created.json["id"] as? String)
      let tag = "\"\(id)-r0\""
      let refused = try await client.json(
        .patch, "/v1/bookings/\(id)", #"{"groupSize":3,"wheelchairUsers":5}"#,
        headers: [.ifMatch: tag])
      #expect(refused.status == .badRequest)
      #expect(refused.json["type"] as? String == "/problems/invalid-request")
      #expect((refused.json["detail"] as? String)?.contains("fauteuil") == true)
      // A date is not something a change moves: refused, not ignored, saying what to do.
      let moved = try await client.json(
        .patch, "/v1/bookings/\(id)?lang=en", #"{"groupSize":12,"date":"2027-05-20"}"#,
        headers: [.ifMatch: tag])
      #expect(moved.status == .badRequest)
      #expect(
        moved.json["detail"] as? String
          == "date: a booking cannot move to another date, journey, start time or language; cancel it and book again (POST /v1/bookings)."
      )
      // Elsewhere, a field the contract does not have is said to be just that.
      let assembled = try await client.json(
        .post, "/v1/journeys/assemble?lang=en",
        #"{"from":"2027-05-12","days":1,"groupSize":10,"language":"fr","themes":{"energy":1},"date":"2027-05-12"}"#
      )
      #expect(
        assembled.json["detail"] as? String
          == "date: this request has no such field (see the contract).")
      let stored = try #require(try await harness.store.booking(Booking.ID(id)))
      #expect(stored.group.headcount == 10 && stored.group.needs.wheelchairUsers == 0)
    }
  }

  @Test func pageSizesOutsideTheContractAreBadRequests() async throws {
    try await APIHarness.run { _, client in
      let (id, _) = try await BookingChangeEndpointTests.held(client)
      for uri in [
        "/v1/sites?limit=-1", "/v1/sites?limit=0", "/v1/journeys?limit=201",
        "/v1/bookings?limit=-5", "/v1/bookings/\(id)/history?limit=-1",
        "/v1/bookings/\(id)/history?limit=9223372036854775807",
        "/v1/webhooks/deliveries?limit=0",
      ] {
        let answer = try await client.json(.get, uri)
        #expect(answer.status == .badRequest, "\(uri)")
      }
    }
  }

  @Test func aBookingsHistoryIsNumberedFromOneAndPagesThroughEveryChange() async throws {
    try await APIHarness.run { _, client in
      // Another booking's changes come first in the audit log; they do not show in the numbers.
      let other = try await client.json(.post, "/v1/bookings", bookingBody(date: "2027-05-19"))
      let otherID = try #require(other.json["id"] as? String)
      _ = try await client.json(.post, "/v1/bookings/\(otherID)/confirm")
      let (id, _) = try await BookingChangeEndpointTests.held(client)
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      _ = try await client.json(.post, "/v1/bookings/\(id)/cancel")
      var numbers: [Int] = []
      var actions: [String] = []
      var uri = "/v1/bookings/\(id)/history?limit=2"
      while true {
        let page = try await client.json(.get, uri)
        #expect(page.status == .ok)
        let entries = try #require(page.json["entries"] as? [[String: Any]])
        numbers += entries.compactMap { $0["sequence"] as? Int }
        actions += entries.compactMap { $0["action"] as? String }
        guard let next = page.json["nextCursor"] as? String else { break }
        uri = "/v1/bookings/\(id)/history?limit=2&cursor=\(next)"
      }
      #expect(numbers == [1, 2, 3])
      #expect(actions == ["booking.held", "booking.confirmed", "booking.cancelled"])
      // A cursor of one booking's history does not page another's.
      let first = try await client.json(.get, "/v1/bookings/\(id)/history?limit=1")
      let cursor = try #require(first.json["nextCursor"] as? String)
      let elsewhere = try await client.json(
        .get, "/v1/bookings/\(otherID)/history?limit=1&cursor=\(cursor)")
      #expect(elsewhere.status == .badRequest)
    }
  }

  @Test func anOrganisationSeesWhoChangedItsBookingOnlyByRole() async throws {
    try await APIHarness.run { harness, client in
      let (token, secret) = TokenSecrets.issue(role: .organisation, subject: "demo", at: Date())
      try await harness.store.save(token)
      let (id, _) = try await BookingChangeEndpointTests.held(client)  // by the admin
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm", token: secret)
      let history = try await client.json(.get, "/v1/bookings/\(id)/history", token: secret)
      let entries = try #require(history.json["entries"] as? [[String: Any]])
      #expect(entries.compactMap { $0["actor"] as? String } == ["admin", "organisation:demo"])
      let after = try #require(entries.last?["after"] as? [String: Any])
      #expect(after["state"] as? String == "confirmed")
    }
  }

  @Test func visitsKeepingTheirTimesKeepTheirGuidesAnswers() async throws {
    try await APIHarness.withHarness { harness in
      let held = try await harness.service.hold(
        .init(
          journey: "loos-ville-pilote", date: LocalDate("2027-05-12")!,
          group: Group(
            organisation: "demo", contact: .init(name: "C"), headcount: 20, language: "fr")))
      let position = try #require(held.visits.firstIndex { $0.guide != nil })
      let guide = try #require(held.visits[position].guide)
      _ = try await harness.service.accept(
        VisitKey(booking: held.id, position: position), by: guide)
      let changed = try await harness.service.change(
        held.id, to: .init(headcount: 22), ifRevision: nil)
      #expect(changed.group.headcount == 22)
      #expect(changed.revision == 2)
      // A slightly larger group fits the same times: the visit keeps its guide and answer.
      let before = held.visits[position]
      let same = try #require(changed.visits.first { $0.site == before.site })
      try #require(same.start == before.start && same.end == before.end)
      #expect(same.guide == guide && same.accepted == true)
      #expect(try await harness.store.booking(held.id) == changed)
    }
  }
}
