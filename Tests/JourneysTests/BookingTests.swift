import Foundation
import Journeys
import Testing

@Suite("Booking transitions")
struct BookingTests {
  let created = paris("2026-05-04", "08:00")
  var expiry: Date { created.addingTimeInterval(48 * 3_600) }

  func booking(_ state: Booking.State) -> Booking {
    Booking(
      id: "bk-test", journey: "loos-ville-pilote", journeyVersion: 1, date: date("2026-06-10"),
      group: Group(
        organisation: "demo", contact: Contact(name: "Claire"), headcount: 20, language: "fr"),
      state: state,
      visits: [
        Visit(
          site: Basin.baseID, kind: .visit, start: paris("2026-06-10", "09:00"),
          end: paris("2026-06-10", "10:00"), guided: true, guide: Basin.camille.id)
      ],
      createdAt: created)
  }

  var hold: Booking { booking(.held(expiresAt: expiry)) }

  @Test func confirmsALiveHold() throws {
    let now = expiry.addingTimeInterval(-1)
    let confirmed = try hold.confirmed(at: now)
    #expect(confirmed.state == .confirmed(at: now))
    #expect(confirmed.expiresAt == nil)
    #expect(confirmed.visits == hold.visits)
  }

  @Test func confirmingAnExpiredHoldThrowsHoldExpired() {
    #expect(throws: BookingTransitionError.holdExpired("bk-test", at: expiry)) {
      try hold.confirmed(at: expiry)
    }
    #expect(throws: BookingTransitionError.holdExpired("bk-test", at: expiry)) {
      try hold.confirmed(at: expiry.addingTimeInterval(3_600))
    }
  }

  @Test func confirmingTwiceKeepsTheFirstConfirmation() throws {
    let first = try hold.confirmed(at: created)
    let second = try first.confirmed(at: created.addingTimeInterval(60))
    #expect(second.state == .confirmed(at: created))
  }

  @Test func settledMarksALapsedHoldExpiredAtItsExpiry() {
    #expect(hold.settled(at: expiry.addingTimeInterval(-1)) == hold)
    #expect(hold.settled(at: expiry).state == .expired(at: expiry))
    #expect(hold.settled(at: expiry.addingTimeInterval(86_400)).state == .expired(at: expiry))
    let confirmed = booking(.confirmed(at: created))
    #expect(confirmed.settled(at: expiry.addingTimeInterval(86_400)) == confirmed)
  }

  @Test func cancellingTwiceIsHarmless() throws {
    let once = try hold.cancelled(at: created.addingTimeInterval(60))
    #expect(once.state == .cancelled(at: created.addingTimeInterval(60)))
    let twice = try once.cancelled(at: created.addingTimeInterval(120))
    #expect(twice == once)
  }

  @Test func aConfirmedBookingCanBeCancelled() throws {
    let cancelled = try booking(.confirmed(at: created)).cancelled(at: expiry)
    #expect(cancelled.state == .cancelled(at: expiry))
  }

  @Test func aCancelledBookingCannotBeConfirmed() {
    let cancelled = booking(.cancelled(at: created))
    #expect(
      throws: BookingTransitionError.notAllowed("bk-test", from: "cancelled", to: "confirmed")
    ) {
      try cancelled.confirmed(at: created)
    }
  }

  @Test func anExpiredHoldCannotBeCancelled() {
    #expect(throws: BookingTransitionError.notAllowed("bk-test", from: "expired", to: "cancelled"))
    {
      try hold.cancelled(at: expiry)
    }
  }

  @Test func isActiveWhileHeldOrConfirmed() {
    #expect(hold.isActive(at: created))
    #expect(hold.isActive(at: expiry.addingTimeInterval(-1)))
    #expect(!hold.isActive(at: expiry))
    #expect(booking(.confirmed(at: created)).isActive(at: expiry.addingTimeInterval(1e6)))
    #expect(!booking(.cancelled(at: created)).isActive(at: created))
    #expect(!booking(.expired(at: created)).isActive(at: created))
  }

  @Test func statesHaveStableNames() {
    #expect(hold.state.name == "held")
    #expect(booking(.confirmed(at: created)).state.name == "confirmed")
    #expect(booking(.cancelled(at: created)).state.name == "cancelled")
    #expect(booking(.expired(at: created)).state.name == "expired")
  }

  @Test func theLedgerKeepsOnlyActiveBookings() {
    var cancelled = booking(.cancelled(at: created))
    cancelled.id = "bk-cancelled"
    var confirmed = booking(.confirmed(at: created))
    confirmed.id = "bk-confirmed"
    let ledger = Ledger(bookings: [hold, cancelled, confirmed], at: created)
    #expect(Set(ledger.entries.map(\.booking)) == ["bk-test", "bk-confirmed"])
    #expect(ledger.visits(of: Basin.camille.id).count == 2)
    #expect(ledger.entries.allSatisfy { $0.headcount == 20 })
    let later = Ledger(bookings: [hold, cancelled, confirmed], at: expiry)
    #expect(later.entries.map(\.booking) == ["bk-confirmed"])
  }

  @Test func visitsOverlapAsHalfOpenIntervals() {
    func visit(_ from: String, _ to: String) -> Visit {
      Visit(
        site: Basin.baseID, kind: .visit, start: paris("2026-06-10", from),
        end: paris("2026-06-10", to), guided: false)
    }
    #expect(visit("09:00", "10:00").overlaps(visit("09:30", "10:30")))
    #expect(!visit("09:00", "10:00").overlaps(visit("10:00", "11:00")))
    #expect(visit("09:00", "12:00").overlaps(visit("10:00", "11:00")))
  }
}
