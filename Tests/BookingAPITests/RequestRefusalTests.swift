import Foundation
import HTTPTypes
import HummingbirdTesting
import Journeys
import JourneysStore
import Testing

@testable import BookingAPI

/// Refusals say what is wrong with the request, not something else that is right.
@Suite("refusals that name the real mistake")
struct RequestRefusalTests {
  @Test func anOrganisationNamingAnotherIsToldItActsForItselfOnly() async throws {
    try await APIHarness.run { harness, client in
      try await harness.store.save(
        AccessToken(
          id: "tok-demo", role: .organisation, subject: "demo",
          secretHash: TokenSecrets.hash("demo-secret"), createdAt: APIHarness.start))
      let listed = try await client.json(
        .get, "/v1/bookings?organisation=lille&lang=en", token: "demo-secret")
      #expect(listed.status == .forbidden)
      #expect(
        (listed.json["detail"] as? String)?.contains("acts for the organisation demo only")
          == true, "\(listed.json)")
      let booked = try await client.json(
        .post, "/v1/bookings", bookingBody(organisation: "lille"),
        headers: [.idempotencyKey: UUID().uuidString], token: "demo-secret")
      #expect(booked.status == .forbidden)
      #expect((booked.json["detail"] as? String)?.contains("l'organisation demo") == true)
    }
  }

  @Test func anEmptyOrUnknownOrganisationFilterIsRefusedRatherThanListingNothing() async throws {
    try await APIHarness.run { _, client in
      for uri in ["/v1/bookings?organisation=", "/v1/webhooks/deliveries?organisation=ghost"] {
        let answer = try await client.json(.get, uri + "&lang=en")
        #expect(answer.status == .badRequest, "\(uri)")
        #expect((answer.json["detail"] as? String)?.hasPrefix("organisation:") == true, "\(uri)")
      }
      #expect(try await client.json(.get, "/v1/bookings?organisation=demo").status == .ok)
    }
  }

  @Test func aWrongFeedTokenSaysTheCalendarAddressIsWrongNotThatTheGuideIsUnknown() async throws {
    try await APIHarness.run { _, client in
      let answer = try await client.json(
        .get, "/v1/guides/guide-camille/calendar.ics?token=wrong&lang=en", token: nil)
      #expect(answer.status == .notFound)
      #expect(
        (answer.json["detail"] as? String)?.hasPrefix("No calendar at this address") == true,
        "\(answer.json)")
    }
  }

  @Test func anOrganisationReadsThePlainReasonsAboutItsOwnEndpointOnly() {
    #expect(WebhookDispatch.shown(WebhookDispatch.refused) == WebhookDispatch.refused)
    #expect(WebhookDispatch.shown("no answer within 10 s") == "no answer within 10 s")
    #expect(WebhookDispatch.shown("HTTPClientError.someInternal(pool 3)") == "no answer")
  }

  @Test func anAddressParameterMissingOrNotANumberIsNamed() async throws {
    try await APIHarness.run { _, client in
      let missing = try await client.json(
        .get, "/v1/guides/guide-camille/schedule?from=2027-05-01&lang=en")
      #expect(missing.status == .badRequest)
      #expect(
        missing.json["detail"] as? String
          == "to: this parameter of the address (after “?”) is required.", "\(missing.json)")
      let word = try await client.json(.get, "/v1/bookings?limit=abc")
      #expect(word.status == .badRequest)
      #expect(
        word.json["detail"] as? String == "limit : « abc » n'est pas un nombre entier.",
        "\(word.json)")
    }
  }

  @Test func aMalformedIfMatchIsABadRequestNotAChangedBooking() async throws {
    try await APIHarness.run { _, client in
      let (id, _) = try await BookingChangeEndpointTests.held(client)
      for header in ["foo", "\(id)-r0", "\""] {
        let answer = try await client.json(
          .patch, "/v1/bookings/\(id)?lang=en", #"{"groupSize":20}"#, headers: [.ifMatch: header])
        #expect(answer.status == .badRequest, "If-Match: \(header)")
        #expect((answer.json["detail"] as? String)?.contains("quotes included") == true)
      }
    }
  }
}

extension HTTPField.Name {
  fileprivate static var idempotencyKey: Self { .init("Idempotency-Key")! }
}

@Suite("answers' headers: where a booking is, and who may keep a copy")
struct AnswerHeaderTests {
  @Test func aNewBookingSaysWhereItIsAndPrivateAnswersStayOutOfSharedCaches() async throws {
    try await APIHarness.run { _, client in
      let created = try await client.raw(.post, "/v1/bookings", bookingBody())
      #expect(created.status == .created)
      let location = try #require(created.headers[.location])
      #expect(location.hasPrefix("/v1/bookings/bk-"))
      #expect(created.headers[.cacheControl] == "private, no-cache")
      let read = try await client.raw(.get, location)
      #expect(read.status == .ok)
      #expect(read.headers[.cacheControl] == "private, no-cache")
      // The public catalogue may be cached by anyone.
      let catalogue = try await client.raw(.get, "/v1/journeys", token: nil)
      #expect(catalogue.status == .ok)
      #expect(catalogue.headers[.cacheControl] == nil)
    }
  }
}
