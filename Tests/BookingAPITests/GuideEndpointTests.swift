import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import JourneysStore
import Testing

@Suite("Guides' side: schedule, answers, calendars")
struct GuideEndpointTests {
  /// Holds the pilot-town journey and returns the booking's JSON.
  static func hold(_ client: any TestClientProtocol) async throws -> [String: Any] {
    let created = try await client.json(.post, "/v1/bookings", bookingBody())
    #expect(created.status == .created)
    return created.json
  }

  /// The guided visits of a booking: (assignment id, guide id).
  static func guided(_ booking: [String: Any]) throws -> [(id: String, guide: String)] {
    let id = try #require(booking["id"] as? String)
    let programme = try #require(booking["programme"] as? [[String: Any]])
    return programme.enumerated().compactMap { index, visit in
      guard let guide = (visit["guide"] as? [String: Any])?["id"] as? String else { return nil }
      return ("\(id).\(index + 1)", guide)
    }
  }

  static func text(_ client: any TestClientProtocol, _ uri: String) async throws
    -> (status: HTTPResponse.Status, body: String, type: String?)
  {
    try await client.execute(
      uri: uri, method: .get, headers: [.authorization: "Bearer \(APIHarness.adminSecret)"]
    ) { response in
      (response.status, String(buffer: response.body), response.headers[.contentType])
    }
  }

  @Test func aGuideSeesAcceptsAndDeclinesWhatHeOrSheLeads() async throws {
    try await APIHarness.run { harness, client in
      let booking = try await Self.hold(client)
      let visits = try Self.guided(booking)
      let (assignment, guide) = try #require(visits.first)
      let schedule = try await client.json(
        .get, "/v1/guides/\(guide)/schedule?from=2027-05-12&to=2027-05-12")
      #expect(schedule.status == .ok)
      let items = try #require(schedule.json["assignments"] as? [[String: Any]])
      let mine = try #require(items.first { $0["id"] as? String == assignment })
      #expect(mine["status"] as? String == "pending")
      // An option that may lapse, not yet a visit that takes place.
      #expect(mine["bookingState"] as? String == "held")
      #expect(mine["holdExpiresAt"] as? String != nil)
      #expect(mine["organisationName"] as? String != nil)

      let someoneElse = try await client.json(
        .post, "/v1/assignments/\(assignment)/accept?guide=guide-nobody")
      #expect(someoneElse.status == .conflict)
      let accepted = try await client.json(
        .post, "/v1/assignments/\(assignment)/accept?guide=\(guide)")
      #expect(accepted.status == .ok)
      #expect(accepted.json["status"] as? String == "accepted")

      let declined = try await client.json(
        .post, "/v1/assignments/\(assignment)/decline?guide=\(guide)")
      #expect(declined.status == .ok, "\(declined.json)")
      let moved = declined.json["moved"] as? [[String: Any]] ?? []
      let uncovered = declined.json["uncovered"] as? [[String: Any]] ?? []
      // The visit went to someone else, or is reported without a guide, with why; either way
      // the move is from the guide who declined.
      let move = try #require(moved.first { $0["assignment"] as? String == assignment })
      #expect((move["from"] as? [String: Any])?["id"] as? String == guide)
      #expect(
        move["to"] != nil || uncovered.contains { $0["assignment"] as? String == assignment })
      let after = try await client.json(.get, "/v1/bookings/\(booking["id"] as! String)")
      let position = Int(assignment.split(separator: ".").last!)! - 1
      let visit = try #require((after.json["programme"] as? [[String: Any]])?[position])
      #expect((visit["guide"] as? [String: Any])?["id"] as? String != guide)
      // Declined, it is no longer the guide's to answer; the new guide may.
      let again = try await client.json(
        .post, "/v1/assignments/\(assignment)/accept?guide=\(guide)")
      #expect(again.status == .conflict)
      // The guide's own token hears the same, not that the visit does not exist.
      try await harness.store.save(
        AccessToken(
          id: "tok-guide", role: .guide, subject: guide,
          secretHash: TokenSecrets.hash("guide-secret"), createdAt: APIHarness.start))
      let asGuide = try await client.json(
        .post, "/v1/assignments/\(assignment)/accept", token: "guide-secret")
      #expect(asGuide.json["type"] as? String == "/problems/not-assigned", "\(asGuide.json)")
      if let to =
        (moved.first { $0["assignment"] as? String == assignment }?["to"]
        as? [String: Any])?["id"] as? String
      {
        let theirs = try await client.json(
          .post, "/v1/assignments/\(assignment)/accept?guide=\(to)")
        #expect(theirs.status == .ok)
      }
    }
  }

  @Test func anAbsenceMovesTheGuidesVisitsToOthers() async throws {
    try await APIHarness.run { harness, client in
      let booking = try await Self.hold(client)
      let visits = try Self.guided(booking)
      let (_, guide) = try #require(visits.first)
      let (status, json, _) = try await client.json(
        .post, "/v1/guides/\(guide)/absences",
        #"{"from":"2027-05-12","to":"2027-05-12","reason":"malade"}"#)
      #expect(status == .ok, "\(json)")
      let moved = json["moved"] as? [[String: Any]] ?? []
      let uncovered = json["uncovered"] as? [[String: Any]] ?? []
      let mine = visits.filter { $0.guide == guide }.map(\.id)
      for id in mine {
        #expect(
          moved.contains { $0["assignment"] as? String == id }
            || uncovered.contains { $0["assignment"] as? String == id })
      }
      let stored = try #require(
        try await harness.store.booking(Booking.ID(booking["id"] as! String)))
      #expect(!stored.visits.contains { $0.guide?.rawValue == guide })
      let absent = try await harness.store.guides().first { $0.id.rawValue == guide }
      #expect(absent?.unavailable?.first?.reason == "malade")
      let backwards = try await client.json(
        .post, "/v1/guides/\(guide)/absences", #"{"from":"2027-05-14","to":"2027-05-12"}"#)
      #expect(backwards.status == .badRequest)
    }
  }

  @Test func aLapsedHoldShowsCancelledWithAHigherSequence() async throws {
    try await APIHarness.run { harness, client in
      let booking = try await Self.hold(client)
      let id = try #require(booking["id"] as? String)
      harness.clock.advance(hours: 49)
      #expect(try await harness.store.expireHolds(at: harness.clock.now()) == 1)
      let lapsed = try await Self.text(client, "/v1/bookings/\(id)/calendar.ics")
      #expect(lapsed.body.contains("SEQUENCE:1"))
      #expect(lapsed.body.contains("STATUS:CANCELLED"))
    }
  }

  @Test func anUnchangedCalendarKeepsItsETagAndAnswers304ToAPoll() async throws {
    try await APIHarness.run { harness, client in
      let booking = try await Self.hold(client)
      let id = try #require(booking["id"] as? String)
      let uri = "/v1/bookings/\(id)/calendar.ics"
      let first = try await client.raw(.get, uri)
      harness.clock.advance(hours: 1)
      let again = try await client.raw(.get, uri)
      let tag = try #require(first.headers[.eTag])
      // DTSTAMP is the last change, not the time of the poll: the same bytes an hour later.
      #expect(again.body == first.body)
      #expect(again.headers[.eTag] == tag)
      let poll = try await client.raw(.get, uri, headers: [.ifNoneMatch: tag])
      #expect(poll.status == .notModified)
      #expect(poll.body.isEmpty)
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      let changed = try await client.raw(.get, uri, headers: [.ifNoneMatch: tag])
      #expect(changed.status == .ok)
      #expect(changed.headers[.eTag] != tag)
    }
  }

  @Test func unknownGuidesAndAssignmentsAreNotFound() async throws {
    try await APIHarness.run { _, client in
      let schedule = try await client.json(
        .get, "/v1/guides/nobody/schedule?from=2027-05-12&to=2027-05-12")
      #expect(schedule.status == .notFound)
      let accept = try await client.json(.post, "/v1/assignments/bk-none.1/accept?guide=g")
      #expect(accept.status == .notFound)
      let malformed = try await client.json(.post, "/v1/assignments/nodot/decline?guide=g")
      #expect(malformed.status == .notFound)
    }
  }

  @Test func theGuidesFeedNeedsItsTokenAndParsesAsICalendar() async throws {
    try await APIHarness.run { harness, client in
      let booking = try await Self.hold(client)
      let (_, guide) = try #require(try Self.guided(booking).first)
      var stored = try #require(try await harness.store.guides().first { $0.id.rawValue == guide })
      stored.calendarTokenHash = TokenSecrets.hash("secret-token-for-tests")
      try await harness.store.save(stored)

      let wrong = try await Self.text(client, "/v1/guides/\(guide)/calendar.ics?token=guess")
      #expect(wrong.status == .notFound)
      let feed = try await Self.text(
        client, "/v1/guides/\(guide)/calendar.ics?token=secret-token-for-tests")
      #expect(feed.status == .ok)
      #expect(feed.type?.hasPrefix("text/calendar") == true)
      #expect(feed.body.contains("BEGIN:VTIMEZONE"))
      #expect(feed.body.contains("UID:\(booking["id"] as! String)-"))
      #expect(try checkICS(feed.body) == 0)
    }
  }

  @Test func theDelegationsCalendarCountsChangesInItsSequence() async throws {
    try await APIHarness.run { _, client in
      let booking = try await Self.hold(client)
      let id = try #require(booking["id"] as? String)
      let held = try await Self.text(client, "/v1/bookings/\(id)/calendar.ics")
      #expect(held.status == .ok)
      #expect(held.body.contains("SEQUENCE:0"))
      #expect(held.body.contains("STATUS:TENTATIVE"))
      _ = try await client.json(.post, "/v1/bookings/\(id)/confirm")
      _ = try await client.json(.post, "/v1/bookings/\(id)/cancel")
      let cancelled = try await Self.text(client, "/v1/bookings/\(id)/calendar.ics")
      #expect(cancelled.body.contains("SEQUENCE:2"))
      #expect(cancelled.body.contains("STATUS:CANCELLED"))
      #expect(try checkICS(cancelled.body) == 0)
      let missing = try await Self.text(client, "/v1/bookings/bk-none/calendar.ics")
      #expect(missing.status == .notFound)
    }
  }
}

/// Runs scripts/check_ics.py (the `icalendar` parser) on `text`; its exit status.
func checkICS(_ text: String) throws -> Int32 {
  let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).ics")
  defer { try? FileManager.default.removeItem(at: file) }
  try text.write(to: file, atomically: true, encoding: .utf8)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "python3", repositoryRoot.appendingPathComponent("scripts/check_ics.py").path, file.path,
  ]
  process.standardOutput = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  return process.terminationStatus
}
