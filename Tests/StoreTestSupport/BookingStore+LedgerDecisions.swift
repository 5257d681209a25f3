import Foundation
import Journeys

/// Shorthands for tests that write a booking decided from the ledger alone; the service always
/// decides from the reference data too.
extension BookingStore {
  /// `insertBooking` for a decision made from the ledger alone.
  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (Ledger) throws -> Booking
  ) async throws -> Booking {
    try await insertBooking(ledger: dates, at: now, idempotency: idempotency) { _, ledger in
      try decide(ledger)
    }
  }

  /// `insertBooking` without an idempotency key.
  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date,
    _ decide: @Sendable (Ledger) throws -> Booking
  ) async throws -> Booking {
    try await insertBooking(ledger: dates, at: now, idempotency: nil, decide)
  }
}
