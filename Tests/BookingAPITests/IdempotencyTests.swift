import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Journeys
import Testing

@Suite("Idempotency keys")
struct IdempotencyTests {
  @Test func aRetryWithTheSameKeyReturnsTheFirstBookingAndBooksOnce() async throws {
    try await APIHarness.run { harness, client in
      let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
      let first = try await client.json(.post, "/v1/bookings", bookingBody(), headers: key)
      let second = try await client.json(.post, "/v1/bookings", bookingBody(), headers: key)
      #expect(first.status == .created)
      #expect(second.status == .created)
      #expect(first.json["id"] as? String == second.json["id"] as? String)
      let all = try await harness.service.bookings()
      #expect(all.count == 1)
    }
  }

  @Test func aRetryThatSpellsOutADefaultIsTheSameRequest() async throws {
    try await APIHarness.run { harness, client in
      let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-defaults"]
      let first = try await client.json(.post, "/v1/bookings", bookingBody(), headers: key)
      let spelt = bookingBody().replacingOccurrences(
        of: #""language":"fr","#, with: #""language":"fr","wheelchairUsers":0,"#)
      let second = try await client.json(.post, "/v1/bookings", spelt, headers: key)
      #expect(second.status == .created, "\(second.json)")
      #expect(first.json["id"] as? String == second.json["id"] as? String)
      #expect(try await harness.service.bookings().count == 1)
    }
  }

  @Test func theSameKeyWithAnotherRequestIsRefused() async throws {
    try await APIHarness.run { _, client in
      let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-2"]
      _ = try await client.json(.post, "/v1/bookings", bookingBody(), headers: key)
      let other = try await client.json(
        .post, "/v1/bookings", bookingBody(size: 12), headers: key)
      #expect(other.status == .unprocessableContent)
      #expect(other.json["type"] as? String == "/problems/idempotency-key-reused")
    }
  }

  @Test func concurrentRetriesWithOneKeyMakeOneBooking() async throws {
    try await APIHarness.withHarness { harness in
      let service = harness.service
      let request = BookingService.HoldRequest(
        journey: "loos-ville-pilote", date: LocalDate("2027-05-12")!,
        group: Group(
          organisation: "demo", contact: Contact(name: "C"), headcount: 20, language: "fr"))
      let key = IdempotencyKey(scope: "test", key: "same", request: "r")
      let ids = try await withThrowingTaskGroup(of: Booking.ID.self) { group in
        for _ in 0..<10 {
          group.addTask { try await service.hold(request, idempotency: key).id }
        }
        return try await group.reduce(into: Set<Booking.ID>()) { $0.insert($1) }
      }
      #expect(ids.count == 1)
      #expect(try await service.bookings().count == 1)
    }
  }

  @Test func aMalformedKeyIsABadRequest() async throws {
    try await APIHarness.run { _, client in
      let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "has space"]
      let response = try await client.json(.post, "/v1/bookings", bookingBody(), headers: key)
      #expect(response.status == .badRequest)
    }
  }
}
