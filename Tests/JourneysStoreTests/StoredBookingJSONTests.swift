import Foundation
import Journeys
import Testing

@testable import JourneysStore

/// The booking JSON written by hand is `JSONEncoder`'s, byte for byte, and reads back.
@Suite("Stored booking JSON")
struct StoredBookingJSONTests {
  /// What `JSONEncoder` writes for any value, as the stores did before.
  static func coderJSON(_ booking: Booking) throws -> String {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .secondsSince1970
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(booking), as: UTF8.self)
  }

  /// Bookings in every state, with every optional field set and unset, and texts that need
  /// escaping.
  static func bookings() -> [Booking] {
    let awkward = "Café \"11/19\" \\ tab\t new\nline \u{01}\u{1F} émoji 🏭 end"
    let states: [Booking.State] = [
      .held(expiresAt: Date(timeIntervalSince1970: 1_822_032_000)),
      .confirmed(at: Date(timeIntervalSince1970: 1_795_822_396.0603817)),
      .cancelled(at: Date(timeIntervalSince1970: 1_795_822_396.5)),
      .expired(at: Date(timeIntervalSince1970: -12.25)),
    ]
    return states.enumerated().map { index, state in
      let full = index % 2 == 0
      var first = Visit(
        site: "loos-base-11-19", kind: .visit, start: Date(timeIntervalSince1970: 1_822_034_400),
        end: Date(timeIntervalSince1970: 1_822_039_800.125), guided: true,
        guide: full ? "guide-1" : nil, activity: LocalizedText(fr: awkward, en: "plain"))
      if full {
        first.accepted = index == 0
        first.declinedBy = ["guide-2", "guide/3"]
      }
      let lunch = Visit(
        site: "loos-menadel", kind: .lunch, start: Date(timeIntervalSince1970: 1_822_040_700),
        end: Date(timeIntervalSince1970: 1_822_045_200), guided: false)
      var booking = Booking(
        id: Booking.ID("bk-\(index)"), journey: "energie", journeyVersion: 3 + index,
        date: LocalDate("2027-09-27")!,
        group: Group(
          organisation: "arras",
          contact: Contact(
            name: awkward, email: full ? "a@b.fr" : nil, phone: full ? "+33 3 21" : nil),
          headcount: 25, language: "en", needs: AccessibilityNeeds(wheelchairUsers: index)),
        state: state, visits: index == 3 ? [] : [first, lunch],
        createdAt: Date(timeIntervalSince1970: 1_795_822_395.9289994))
      if full {
        booking.revision = index
        booking.revisedAt = Date(timeIntervalSince1970: 1_795_900_000.75)
        booking.startTime = LocalTime(text: "09:30")
      }
      return booking
    }
  }

  @Test func aBookingIsWrittenAsTheCoderWritesItAndReadsBack() throws {
    for booking in Self.bookings() {
      let written = try StoredJSON.encode(booking)
      #expect(written == (try Self.coderJSON(booking)))
      #expect(try StoredJSON.decode(Booking.self, written) == booking)
    }
  }

  @Test func instantsFarOffOrOddAreWrittenAsTheCoderWritesThem() throws {
    var booking = Self.bookings()[0]
    for seconds in [1e15, 4.5e15 + 1, 1e21, -0.0, -1e16, 0.1, 2.5e-7] {
      booking.createdAt = Date(timeIntervalSince1970: seconds)
      #expect(try StoredJSON.encode(booking) == (try Self.coderJSON(booking)), "\(seconds)")
    }
    booking.createdAt = Date(timeIntervalSince1970: .nan)
    #expect(throws: EncodingError.self) { try StoredJSON.encode(booking) }
  }

  @Test func aWebhookPayloadIsWrittenAsTheCoderWritesIt() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for index in 0..<500 {
      // From 2000 to 2099, at any second and with a fraction.
      let seconds = 946_684_800 + Double(index * 6_311_233 % 3_155_760_000) + 0.75
      let instant = Date(timeIntervalSince1970: seconds)
      #expect(WebhookPayload.instant(instant) == instant.formatted(.iso8601))
      let payload = WebhookPayload(
        event: "booking.confirmed", booking: "bk-\(index)", organisation: "arras \"nord\"/",
        state: "confirmed", date: "2027-05-12", revision: index,
        occurredAt: WebhookPayload.instant(instant))
      #expect(payload.json == String(decoding: try encoder.encode(payload), as: UTF8.self))
    }
  }
}
