import Foundation
import Journeys
import PostgresNIO

/// The sweep of lapsed holds.
extension PostgresBookingStore {
  public func expireHolds(at now: Date) async throws -> Int {
    // Each hold expired by one call of its own (`write_change`, migration 10), a
    // compare-and-set on its revision: the sweep never holds a lock that holds wait for.
    var count = 0
    while true {
      let lapsed = try await client.withConnection { db in
        try await lapsedHolds(at: now, limit: Self.expiryBatch, db)
      }
      var written = 0
      for (booking, revision, stored) in lapsed {
        // A change like any other: calendars see it with a higher SEQUENCE.
        let expired = booking.settled(at: now).revised(from: booking, at: now)
        var call = PostgresFunctionCall()
        try call.add(
          rewriting: expired, body: try StoredJSON.encode(expired), ifRevision: revision)
        try call.add(.booking(before: booking, after: expired, at: Date(), beforeJSON: stored))
        let statement = PreparedFunctionCall<WriteChange>(call)
        if try await retrying({ db in try await flag(statement, db) }) { written += 1 }
      }
      count += written
      // A hold changed meanwhile is no longer lapsed, or is read again by the next batch.
      if lapsed.count < Self.expiryBatch || written == 0 { break }
    }
    try await client.withConnection { db in
      try await db.query(
        "DELETE FROM idempotency_keys WHERE created_at < \(now.addingTimeInterval(-7 * 86_400))",
        logger: logger)
    }
    return count
  }

  /// Lapsed holds read per batch of the sweep.
  public static let expiryBatch = 50

  /// At most `limit` holds that lapsed before `now`, each with its row's revision and stored
  /// JSON.
  func lapsedHolds(at now: Date, limit: Int, _ db: PostgresConnection) async throws
    -> [(Booking, Int, String)]
  {
    try await revisedBookings(
      """
      SELECT body::text, revision FROM bookings
      WHERE state = 'held' AND expires_at <= \(now)
      ORDER BY expires_at, id LIMIT \(limit)
      """, db)
  }
}
