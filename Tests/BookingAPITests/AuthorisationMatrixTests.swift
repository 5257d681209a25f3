import Foundation
import HTTPTypes
import HummingbirdTesting
import Journeys
import JourneysStore
import NIOCore
import StoreTestSupport
import Testing

@testable import BookingAPI

/// Every endpoint × every role × (own / someone else's object), on both stores: the status each
/// caller gets. Denials never change anything, and someone else's object answers exactly like
/// one that does not exist (404).
@Suite("authorisation matrix")
struct AuthorisationMatrixTests {
  /// Who calls: no token, or the secret of a token of some role.
  enum Caller: String, CaseIterable {
    case anonymous, admin, owner, otherOrganisation, assignedGuide, otherGuide
  }

  /// One request and the status expected for each caller.
  struct Row {
    let method: HTTPRequest.Method
    let uri: String
    let body: String?
    var headers: HTTPFields = [:]
    let expected: [Caller: HTTPResponse.Status]
  }

  static func everyone(_ status: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
    Dictionary(uniqueKeysWithValues: Caller.allCases.map { ($0, status) })
  }

  /// 401 without a token, then what admins, the booking's organisation, another
  /// organisation, the booking's guide and another guide get.
  static func roles(
    admin: HTTPResponse.Status, owner: HTTPResponse.Status, other: HTTPResponse.Status,
    assignedGuide: HTTPResponse.Status, otherGuide: HTTPResponse.Status
  ) -> [Caller: HTTPResponse.Status] {
    [
      .anonymous: .unauthorized, .admin: admin, .owner: owner, .otherOrganisation: other,
      .assignedGuide: assignedGuide, .otherGuide: otherGuide,
    ]
  }

  @Test(arguments: StoreBackend.allCases)
  func everyCallerGetsTheRightStatusEverywhere(_ backend: StoreBackend) async throws {
    try await APIHarness.run(backend) { harness, client in
      // The objects: a booking of demo's, with a guided visit.
      let held = try await client.json(.post, "/v1/bookings", bookingBody())
      try #require(held.status == .created)
      let booking = try #require(held.json["id"] as? String)
      let (assignment, guide) = try #require(try GuideEndpointTests.guided(held.json).first)
      let otherGuide = try #require(
        try await harness.store.guides().map(\.id.rawValue).first { $0 != guide })
      try await harness.store.save(Organisation(id: "lille", name: "Ville de Lille"))
      _ = try await harness.store.updateGuide(Guide.ID(guide)) { current in
        var copy = current
        copy.calendarTokenHash = TokenSecrets.hash("calendar-secret")
        return copy
      }
      var secrets: [Caller: String] = [.admin: APIHarness.adminSecret]
      for (caller, role, subject) in [
        (Caller.owner, Principal.Role.organisation, "demo"),
        (.otherOrganisation, .organisation, "lille"), (.assignedGuide, .guide, guide),
        (.otherGuide, .guide, otherGuide),
      ] {
        let (token, secret) = TokenSecrets.issue(role: role, subject: subject, at: Date())
        try await harness.store.save(token)
        secrets[caller] = secret
      }

      let stale: HTTPFields = [.ifMatch: "\"\(booking)-r999\""]
      let ownBooking = Self.roles(
        admin: .ok, owner: .ok, other: .notFound, assignedGuide: .forbidden,
        otherGuide: .forbidden)
      let staleChange = Self.roles(
        admin: .preconditionFailed, owner: .preconditionFailed, other: .notFound,
        assignedGuide: .forbidden, otherGuide: .forbidden)
      let guideOwn = Self.roles(
        admin: .ok, owner: .forbidden, other: .forbidden, assignedGuide: .ok,
        otherGuide: .notFound)
      let rows: [Row] = [
        Row(method: .get, uri: "/health", body: nil, expected: Self.everyone(.ok)),
        Row(method: .get, uri: "/ready", body: nil, expected: Self.everyone(.ok)),
        Row(method: .get, uri: "/openapi.yaml", body: nil, expected: Self.everyone(.ok)),
        Row(method: .get, uri: "/metrics", body: nil, expected: Self.everyone(.ok)),
        Row(method: .get, uri: "/v1/sites", body: nil, expected: Self.everyone(.ok)),
        Row(
          method: .get, uri: "/v1/sites/loos-base-11-19", body: nil,
          expected: Self.everyone(.ok)),
        Row(method: .get, uri: "/v1/journeys", body: nil, expected: Self.everyone(.ok)),
        Row(
          method: .get, uri: "/v1/journeys/loos-ville-pilote", body: nil,
          expected: Self.everyone(.ok)),
        Row(
          method: .post, uri: "/v1/availability",
          body:
            #"{"journey":"loos-ville-pilote","from":"2027-05-12","to":"2027-05-12","groupSize":20,"language":"fr"}"#,
          expected: Self.everyone(.ok)),
        Row(
          method: .post, uri: "/v1/journeys/assemble",
          body:
            #"{"from":"2027-05-12","days":1,"groupSize":20,"language":"fr","themes":{"energy":1},"seconds":0.1}"#,
          expected: Self.roles(
            admin: .ok, owner: .ok, other: .ok, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(
          method: .get, uri: "/v1/bookings", body: nil,
          expected: Self.roles(
            admin: .ok, owner: .ok, other: .ok, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(
          method: .get, uri: "/v1/bookings?organisation=demo", body: nil,
          expected: Self.roles(
            admin: .ok, owner: .ok, other: .forbidden, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(method: .get, uri: "/v1/bookings/\(booking)", body: nil, expected: ownBooking),
        Row(
          method: .get, uri: "/v1/bookings/\(booking)/history", body: nil, expected: ownBooking),
        Row(
          method: .get, uri: "/v1/bookings/\(booking)/calendar.ics", body: nil,
          expected: ownBooking),
        Row(
          method: .patch, uri: "/v1/bookings/\(booking)", body: #"{"groupSize":20}"#,
          headers: stale, expected: staleChange),
        Row(
          method: .post, uri: "/v1/bookings/\(booking)/confirm", body: nil, headers: stale,
          expected: staleChange),
        Row(
          method: .post, uri: "/v1/bookings/\(booking)/cancel", body: nil, headers: stale,
          expected: staleChange),
        Row(
          method: .get, uri: "/v1/bookings/bk-does-not-exist", body: nil,
          expected: Self.roles(
            admin: .notFound, owner: .notFound, other: .notFound, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(
          method: .get, uri: "/v1/guides/\(guide)/schedule?from=2027-05-12&to=2027-05-12",
          body: nil, expected: guideOwn),
        Row(
          method: .post, uri: "/v1/guides/\(guide)/absences",
          body: #"{"from":"2027-13-01","to":"2027-13-02"}"#,
          expected: Self.roles(
            admin: .badRequest, owner: .forbidden, other: .forbidden,
            assignedGuide: .badRequest, otherGuide: .notFound)),
        Row(
          method: .get, uri: "/v1/guides/\(guide)/calendar.ics?token=calendar-secret",
          body: nil, expected: Self.everyone(.ok)),
        Row(
          method: .get, uri: "/v1/guides/\(guide)/calendar.ics?token=wrong", body: nil,
          expected: Self.everyone(.notFound)),
        Row(
          method: .post, uri: "/v1/assignments/\(assignment)/accept", body: nil,
          expected: Self.roles(
            admin: .badRequest, owner: .forbidden, other: .forbidden,
            assignedGuide: .ok, otherGuide: .notFound)),
        Row(
          method: .post, uri: "/v1/assignments/\(assignment)/decline", body: nil,
          expected: Self.roles(
            admin: .badRequest, owner: .forbidden, other: .forbidden,
            assignedGuide: .ok, otherGuide: .notFound)),
        Row(
          method: .get, uri: "/v1/webhooks/deliveries", body: nil,
          expected: Self.roles(
            admin: .ok, owner: .ok, other: .ok, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(
          method: .get, uri: "/v1/webhooks/deliveries?organisation=demo", body: nil,
          expected: Self.roles(
            admin: .ok, owner: .ok, other: .forbidden, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        // Creating last, each caller on a date of its own ({date}), so that none is full.
        Row(
          method: .post, uri: "/v1/bookings",
          body: Self.unnamedBooking(date: "{date}"),
          expected: Self.roles(
            admin: .badRequest, owner: .created, other: .created, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
        Row(
          method: .post, uri: "/v1/bookings",
          body: bookingBody(date: "{date}", size: 8, organisation: "lille"),
          expected: Self.roles(
            admin: .created, owner: .forbidden, other: .created, assignedGuide: .forbidden,
            otherGuide: .forbidden)),
      ]
      // The declining guide goes last in each row: it moves the visit to someone else.
      let order: [Caller] = [
        .anonymous, .otherOrganisation, .owner, .otherGuide, .admin, .assignedGuide,
      ]
      let wednesdays = (0..<20).map { LocalDate("2027-05-19")!.adding(days: 7 * $0) }
        .filter { FrenchHolidays.holiday(on: $0) == nil }
      var wrong: [String] = []
      for (index, row) in rows.enumerated() {
        for caller in order {
          // Working Wednesdays from 19 May (not 14 July), one per row and caller.
          let date = wednesdays[index % 2 * order.count + order.firstIndex(of: caller)!]
          let body = row.body?.replacingOccurrences(of: "{date}", with: date.description)
          let status = try await client.json(
            row.method, row.uri, body, headers: row.headers, token: secrets[caller]
          ).status
          if status != row.expected[caller] {
            wrong.append(
              "\(row.method) \(row.uri) as \(caller): \(status.code), expected \(row.expected[caller]?.code ?? 0)"
            )
          }
        }
      }
      #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")

      // The other organisation's list does not show demo's booking; demo's does.
      let own = try await client.json(.get, "/v1/bookings", token: secrets[.owner])
      let others = try await client.json(.get, "/v1/bookings", token: secrets[.otherOrganisation])
      let ids = { (json: [String: Any]) in
        ((json["bookings"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
      }
      #expect(ids(own.json).contains(booking))
      #expect(!ids(others.json).contains(booking))
      // Denials changed nothing: the booking is still held (only the assigned guide's decline
      // and the admin's guide answers wrote to it).
      let after = try #require(try await harness.store.booking(Booking.ID(booking)))
      #expect(after.state.name == "held")
    }
  }

  /// A booking request that does not name its organisation: the token's is used.
  static func unnamedBooking(date: String) -> String {
    """
    {"journey":"loos-ville-pilote","date":"\(date)","groupSize":8,"language":"fr",
     "contact":{"name":"Claire Demeyer","email":"claire@example.org"}}
    """
  }

  @Test func tooManyFailedAuthenticationsAreRefusedForAWhile() async throws {
    try await APIHarness.run { _, client in
      for attempt in 1...10 {
        let failed = try await client.json(.get, "/v1/bookings", token: "va_guess_\(attempt)")
        #expect(failed.status == .unauthorized)
        #expect(failed.json["type"] as? String == "/problems/unauthenticated")
      }
      // The eleventh is refused before its token is even looked at, good or not.
      let blocked = try await client.json(.get, "/v1/bookings")
      #expect(blocked.status == .tooManyRequests)
      #expect(blocked.json["type"] as? String == "/problems/too-many-failed-authentications")
      // Anonymous catalogue reads go on.
      #expect(try await client.json(.get, "/v1/sites", token: nil).status == .ok)
    }
  }

  @Test func aBusyClientsGoodRequestsSentTogetherAreNeverLimited() async throws {
    try await APIHarness.run { _, client in
      let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
        for _ in 0..<50 {
          group.addTask { try await client.json(.get, "/v1/bookings").status }
        }
        return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
      }
      #expect(statuses.allSatisfy { $0 == .ok })
    }
  }

  @Test func failuresAreCountedPerIPv4AddressAndPerIPv6Network() throws {
    func peer(_ ip: String) throws -> String {
      FailedAuthentications.peer(try SocketAddress(ipAddress: ip, port: 443))
    }
    #expect(try peer("192.0.2.7") == "192.0.2.7")
    #expect(try peer("::ffff:192.0.2.7") == "192.0.2.7")
    #expect(try peer("2001:db8:1:2::5") == "2001:db8:1:2::/64")
    #expect(try peer("2001:db8:1:2:aaaa::9") == "2001:db8:1:2::/64")
    #expect(try peer("2001:db8:1:3::5") != peer("2001:db8:1:2::5"))
    #expect(FailedAuthentications.peer(nil) == "unknown")
    let failures = FailedAuthentications(limit: 2, window: 60)
    let now = Date()
    failures.record("p", at: now)
    failures.record("p", at: now + 1)
    failures.record("p", at: now + 2)
    // Three failures for a limit of two: wait until two of them have left the window.
    #expect(failures.blocked("p", at: now + 3).map { Int($0.rounded()) } == 58)
    #expect(failures.blocked("p", at: now + 62) == nil)
    #expect(failures.blocked("other", at: now + 3) == nil)
  }

  @Test func aRevokedTokenNoLongerOpensAnything() async throws {
    try await APIHarness.run { harness, client in
      var (token, secret) = TokenSecrets.issue(role: .organisation, subject: "demo", at: Date())
      try await harness.store.save(token)
      #expect(try await client.json(.get, "/v1/bookings", token: secret).status == .ok)
      token.revokedAt = Date()
      try await harness.store.save(token)
      let refused = try await client.json(.get, "/v1/bookings", token: secret)
      #expect(refused.status == .unauthorized)
    }
  }

  @Test func aBookingMadeWithAnOrganisationsTokenIsThatOrganisations() async throws {
    try await APIHarness.run { harness, client in
      let (token, secret) = TokenSecrets.issue(role: .organisation, subject: "demo", at: Date())
      try await harness.store.save(token)
      let created = try await client.json(
        .post, "/v1/bookings", Self.unnamedBooking(date: "2027-05-12"), token: secret)
      #expect(created.status == .created)
      #expect(created.json["organisation"] as? String == "demo")
      let id = try #require(created.json["id"] as? String)
      let history = try await client.json(.get, "/v1/bookings/\(id)/history", token: secret)
      let entries = try #require(history.json["entries"] as? [[String: Any]])
      #expect(entries.first?["actor"] as? String == "organisation:demo")
      #expect(entries.first?["action"] as? String == "booking.held")
    }
  }
}

extension StoreBackend: CustomTestStringConvertible {
  public var testDescription: String { name }
}
