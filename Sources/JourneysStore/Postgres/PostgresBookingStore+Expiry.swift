import Foundation
import Journeys
import PostgresNIO

/// The sweep of lapsed holds.
extension PostgresBookingStore {
  public func expireHolds(at now: Date) async throws -> Int {
    // Small batches, each its own transaction: a hold that meets a lapsed hold this sweep has
    // locked counts it as taking places until the sweep commits (`hold_ledger`, migration 7).
    var count = 0
    while true {
      let batch = try await transaction { db in
        try await expireLapsedHolds(at: now, limit: Self.expiryBatch, db)
      }
      count += batch
      if batch < Self.expiryBatch { break }
    }
    try await client.withConnection { db in
      try await db.query(
        "DELETE FROM idempotency_keys WHERE created_at < \(now.addingTimeInterval(-7 * 86_400))",
        logger: logger)
    }
    return count
  }

  /// Lapsed holds expired per transaction of the sweep.
  public static let expiryBatch = 50

  /// Writes `expired` on at most `limit` holds that lapsed before `now` and frees their guides'
  /// time ranges; returns how many.
  func expireLapsedHolds(at now: Date, limit: Int, _ db: PostgresConnection) async throws -> Int {
    let lapsed = try await bodies(
      Booking.self,
      """
      SELECT body::text FROM bookings
      WHERE state = 'held' AND expires_at <= \(now)
      ORDER BY expires_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
      """, on: db)
    // In date order: each rewrite moves its week's version (migration 8), and writers lock
    // weeks earliest first.
    for booking in lapsed.sorted(by: { $0.date < $1.date }) {
      var expired = booking.settled(at: now)
      // A change like any other: calendars see it with a higher SEQUENCE.
      expired.revision = (booking.revision ?? 0) + 1
      try await rewrite(expired, db)
      try await record(.booking(before: booking, after: expired, at: Date()), db)
    }
    return lapsed.count
  }
}
