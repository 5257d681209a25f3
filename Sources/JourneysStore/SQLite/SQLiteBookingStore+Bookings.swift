import Foundation
import Journeys
import SQLiteNIO

extension SQLiteBookingStore {
  public func booking(_ id: Booking.ID) async throws -> Booking? {
    try await exclusive { db in try await Self.booking(id, db) }
  }

  public func bookings(_ query: BookingQuery) async throws -> [Booking] {
    try await exclusive { db in
      var conditions: [String] = []
      var binds: [SQLiteData] = []
      if let date = query.date {
        conditions.append("date = ?")
        binds.append(.text(date.description))
      }
      if let organisation = query.organisation {
        conditions.append("organisation_id = ?")
        binds.append(.text(organisation.rawValue))
      }
      let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      return try await db.query(
        "SELECT body FROM bookings \(filter) ORDER BY date, created_at, id", binds
      ).map { try StoredJSON.decode(Booking.self, $0.text("body")) }
    }
  }

  public func ledger(_ dates: ClosedRange<LocalDate>, at now: Date) async throws -> Ledger {
    try await exclusive { db in try await Self.ledger(dates, at: now, db) }
  }

  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date,
    _ decide: @Sendable (Ledger) throws -> Booking
  ) async throws -> Booking {
    try await exclusive(write: true) { db in
      let ledger = try await Self.ledger(dates, at: now, db)
      let booking = try decide(ledger)
      try await Self.insert(booking, db)
      return booking
    }
  }

  public func updateBooking(
    _ id: Booking.ID, _ change: @Sendable (Booking) throws -> Booking
  ) async throws -> Booking? {
    try await exclusive(write: true) { db in
      guard let current = try await Self.booking(id, db) else { return nil }
      let updated = try change(current)
      if updated != current {
        _ = try await db.query("DELETE FROM visits WHERE booking_id = ?", [.text(id.rawValue)])
        _ = try await db.query("DELETE FROM bookings WHERE id = ?", [.text(id.rawValue)])
        try await Self.insert(updated, db)
      }
      return updated
    }
  }

  public func expireHolds(at now: Date) async throws -> Int {
    try await exclusive(write: true) { db in
      let lapsed = try await db.query(
        "SELECT body FROM bookings WHERE state = 'held' AND expires_at <= ?",
        [.float(now.timeIntervalSince1970)]
      ).map { try StoredJSON.decode(Booking.self, $0.text("body")).settled(at: now) }
      for booking in lapsed {
        _ = try await db.query(
          "UPDATE bookings SET state = ?, expires_at = NULL, body = ? WHERE id = ?",
          [
            .text(booking.state.name), .text(try StoredJSON.encode(booking)),
            .text(booking.id.rawValue),
          ])
      }
      return lapsed.count
    }
  }

  static func booking(_ id: Booking.ID, _ db: SQLiteConnection) async throws -> Booking? {
    try await db.query("SELECT body FROM bookings WHERE id = ?", [.text(id.rawValue)]).first.map {
      try StoredJSON.decode(Booking.self, $0.text("body"))
    }
  }

  static func ledger(_ dates: ClosedRange<LocalDate>, at now: Date, _ db: SQLiteConnection)
    async throws -> Ledger
  {
    let rows = try await db.query(
      """
      SELECT body FROM bookings
      WHERE date BETWEEN ? AND ?
        AND (state = 'confirmed' OR (state = 'held' AND expires_at > ?))
      """,
      [
        .text(dates.lowerBound.description), .text(dates.upperBound.description),
        .float(now.timeIntervalSince1970),
      ])
    let bookings = try rows.map { try StoredJSON.decode(Booking.self, $0.text("body")) }
    return Ledger(bookings: bookings, at: now)
  }

  static func insert(_ booking: Booking, _ db: SQLiteConnection) async throws {
    _ = try await db.query(
      """
      INSERT INTO bookings
        (id, journey_id, journey_version, date, organisation_id, state, expires_at, created_at, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .text(booking.id.rawValue), .text(booking.journey.rawValue),
        .integer(booking.journeyVersion), .text(booking.date.description),
        .text(booking.group.organisation.rawValue), .text(booking.state.name),
        booking.expiresAt.map { .float($0.timeIntervalSince1970) } ?? .null,
        .float(booking.createdAt.timeIntervalSince1970), .text(try StoredJSON.encode(booking)),
      ])
    for (position, visit) in booking.visits.enumerated() {
      _ = try await db.query(
        """
        INSERT INTO visits (booking_id, position, site_id, guide_id, starts_at, ends_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        [
          .text(booking.id.rawValue), .integer(position), .text(visit.site.rawValue),
          visit.guide.map { .text($0.rawValue) } ?? .null,
          .float(visit.start.timeIntervalSince1970), .float(visit.end.timeIntervalSince1970),
        ])
    }
  }
}
