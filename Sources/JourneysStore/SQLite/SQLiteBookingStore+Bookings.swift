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
      if let dates = query.dates {
        conditions.append("date BETWEEN ? AND ?")
        binds += [.text(dates.lowerBound.description), .text(dates.upperBound.description)]
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

  /// The ledger of `dates`, from a cache of whole weeks: availability checks read far more
  /// often than bookings are written, and any write empties the cache.
  public func ledger(_ dates: ClosedRange<LocalDate>, at now: Date) async throws -> Ledger {
    try await exclusive { db in
      try await checkDataVersion(db)
      let first = dates.lowerBound.dayNumber - dates.lowerBound.weekday.ordinal
      var entries: [Ledger.Entry] = []
      for week in stride(from: first, through: dates.upperBound.dayNumber, by: 7) {
        var cached = cache.withLock { $0.weeks[week] }
        if cached == nil {
          let days = LocalDate(dayNumber: week)...LocalDate(dayNumber: week + 6)
          let read = try await Self.liveVisits(days, db)
          cache.withLock { $0.weeks[week] = read }
          cached = read
        }
        for (entry, expiresAt) in cached ?? [] where expiresAt.map({ $0 > now }) ?? true {
          entries.append(entry)
        }
      }
      let range = dates.lowerBound.dayNumber...dates.upperBound.dayNumber
      return Ledger(
        entries: entries.filter {
          range.contains(CivilTime.paris.civil($0.visit.start).date.dayNumber)
        })
    }
  }

  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (ReferenceData, Ledger) throws -> Booking
  ) async throws -> Booking {
    try await exclusive(write: true) { db in
      if let idempotency {
        let recorded = try await db.query(
          "SELECT request, booking_id FROM idempotency_keys WHERE scope = ? AND key = ?",
          [.text(idempotency.scope), .text(idempotency.key)]
        ).first
        if let recorded {
          guard try recorded.text("request") == idempotency.request else {
            throw BookingError.idempotencyKeyReused(idempotency.key)
          }
          let id = Booking.ID(try recorded.text("booking_id"))
          guard let booking = try await Self.booking(id, db) else {
            throw StoreError.corrupt("idempotency key without its booking \(id)")
          }
          return booking
        }
      }
      // Read under the write lock, like the ledger: a publication by the admin tool on the
      // same file commits either before this hold, which then decides from it, or after.
      let reference = try await reference(db)
      let ledger = try await Self.ledger(dates, at: now, db)
      let booking = try decide(reference, ledger)
      try await Self.insert(booking, db)
      try await Self.record(.booking(before: nil, after: booking, at: Date()), db)
      if let idempotency {
        _ = try await db.query(
          """
          INSERT INTO idempotency_keys (scope, key, request, booking_id, created_at)
          VALUES (?, ?, ?, ?, ?)
          """,
          [
            .text(idempotency.scope), .text(idempotency.key), .text(idempotency.request),
            .text(booking.id.rawValue), .float(now.timeIntervalSince1970),
          ])
      }
      return booking
    }
  }

  public func updateBooking(
    _ id: Booking.ID, _ change: @Sendable (Booking) throws -> Booking
  ) async throws -> Booking? {
    try await exclusive(write: true) { db in
      guard let current = try await Self.booking(id, db) else { return nil }
      var updated = try change(current)
      if updated != current {
        updated = updated.revised(from: current, at: Date())
        try await Self.rewrite(updated, db)
        try await Self.record(.booking(before: current, after: updated, at: Date()), db)
      }
      return updated
    }
  }

  public func updateBookings<T: Sendable>(
    in dates: ClosedRange<LocalDate>, at now: Date,
    _ change: @Sendable ([Booking]) throws -> (changed: [Booking], result: T)
  ) async throws -> T {
    // One write transaction: nothing else is written meanwhile on this file.
    try await exclusive(write: true) { db in
      let read = try await db.query(
        "SELECT body FROM bookings WHERE date BETWEEN ? AND ? ORDER BY date, created_at, id",
        [.text(dates.lowerBound.description), .text(dates.upperBound.description)]
      ).map { try StoredJSON.decode(Booking.self, $0.text("body")) }
      let active = read.filter { $0.isActive(at: now) }
      let before = Dictionary(active.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      let (changed, result) = try change(active)
      for var booking in changed {
        guard let current = before[booking.id], booking != current else { continue }
        // At the caller's clock, as the caller's own copy of the change has it.
        booking = booking.revised(from: current, at: now)
        try await Self.rewrite(booking, db)
        try await Self.record(.booking(before: current, after: booking, at: Date()), db)
      }
      return result
    }
  }

  /// Writes a booking's row and visits in place: deleting the row would cascade to its
  /// idempotency keys.
  static func rewrite(_ booking: Booking, _ db: SQLiteConnection) async throws {
    _ = try await db.query(
      "DELETE FROM visits WHERE booking_id = ?", [.text(booking.id.rawValue)])
    _ = try await db.query(
      """
      UPDATE bookings SET state = ?, expires_at = ?, headcount = ?, body = ? WHERE id = ?
      """,
      [
        .text(booking.state.name),
        booking.expiresAt.map { .float($0.timeIntervalSince1970) } ?? .null,
        .integer(booking.group.headcount), .text(try StoredJSON.encode(booking)),
        .text(booking.id.rawValue),
      ])
    try await insertVisits(of: booking, db)
  }

  public func importBookings(_ bookings: [Booking]) async throws {
    try await exclusive(write: true) { db in
      for booking in bookings {
        try await Self.insert(booking, db)
        try await Self.record(.booking(before: nil, after: booking, at: Date()), db)
      }
    }
  }

  public func bookingCountsByState() async throws -> [String: Int] {
    try await exclusive { db in
      var counts: [String: Int] = [:]
      for row in try await db.query("SELECT state, count(*) AS n FROM bookings GROUP BY state") {
        counts[try row.text("state")] = row.column("n")?.integer ?? 0
      }
      return counts
    }
  }

  public func expireHolds(at now: Date) async throws -> Int {
    try await exclusive(write: true) { db in
      let lapsed = try await db.query(
        "SELECT body FROM bookings WHERE state = 'held' AND expires_at <= ?",
        [.float(now.timeIntervalSince1970)]
      ).map { try StoredJSON.decode(Booking.self, $0.text("body")) }
      for held in lapsed {
        // A change like any other: calendars see it with a higher SEQUENCE.
        let booking = held.settled(at: now).revised(from: held, at: now)
        _ = try await db.query(
          "UPDATE bookings SET state = ?, expires_at = NULL, body = ? WHERE id = ?",
          [
            .text(booking.state.name), .text(try StoredJSON.encode(booking)),
            .text(booking.id.rawValue),
          ])
        try await Self.record(.booking(before: held, after: booking, at: Date()), db)
      }
      // Idempotency keys are kept a week: well past the 24 hours clients may retry within.
      _ = try await db.query(
        "DELETE FROM idempotency_keys WHERE created_at < ?",
        [.float(now.timeIntervalSince1970 - 7 * 86_400)])
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
    Ledger(
      entries: try await liveVisits(dates, db).compactMap { entry, expiresAt in
        expiresAt.map { $0 > now } ?? true ? entry : nil
      })
  }

  /// The visits of confirmed and held bookings dated in `dates`, with each hold's expiry.
  static func liveVisits(_ dates: ClosedRange<LocalDate>, _ db: SQLiteConnection) async throws
    -> [(entry: Ledger.Entry, expiresAt: Date?)]
  {
    // Read the visit columns, not the booking bodies: this runs for every availability check.
    let rows = try await db.query(
      """
      SELECT v.booking_id, b.headcount, v.site_id, v.guide_id, v.kind, v.guided,
             v.starts_at, v.ends_at, b.expires_at
      FROM bookings b JOIN visits v ON v.booking_id = b.id
      WHERE b.date BETWEEN ? AND ? AND b.state IN ('confirmed', 'held')
      """,
      [.text(dates.lowerBound.description), .text(dates.upperBound.description)])
    return try rows.map { row in
      guard let start = row.column("starts_at")?.double, let end = row.column("ends_at")?.double,
        let headcount = row.column("headcount")?.integer,
        let kind = Journey.StopKind(rawValue: try row.text("kind"))
      else { throw StoreError.corrupt("visit row") }
      let visit = Visit(
        site: Site.ID(try row.text("site_id")), kind: kind,
        start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end),
        guided: row.column("guided")?.integer == 1,
        guide: row.column("guide_id")?.string.map { Guide.ID($0) })
      let entry = Ledger.Entry(
        booking: Booking.ID(try row.text("booking_id")), headcount: headcount, visit: visit)
      return (entry, row.column("expires_at")?.double.map { Date(timeIntervalSince1970: $0) })
    }
  }

  static func insert(_ booking: Booking, _ db: SQLiteConnection) async throws {
    _ = try await db.query(
      """
      INSERT INTO bookings
        (id, journey_id, journey_version, date, organisation_id, state, expires_at, created_at,
         headcount, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .text(booking.id.rawValue), .text(booking.journey.rawValue),
        .integer(booking.journeyVersion), .text(booking.date.description),
        .text(booking.group.organisation.rawValue), .text(booking.state.name),
        booking.expiresAt.map { .float($0.timeIntervalSince1970) } ?? .null,
        .float(booking.createdAt.timeIntervalSince1970), .integer(booking.group.headcount),
        .text(try StoredJSON.encode(booking)),
      ])
    try await insertVisits(of: booking, db)
  }

  static func insertVisits(of booking: Booking, _ db: SQLiteConnection) async throws {
    for (position, visit) in booking.visits.enumerated() {
      _ = try await db.query(
        """
        INSERT INTO visits
          (booking_id, position, site_id, guide_id, starts_at, ends_at, kind, guided)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          .text(booking.id.rawValue), .integer(position), .text(visit.site.rawValue),
          visit.guide.map { .text($0.rawValue) } ?? .null,
          .float(visit.start.timeIntervalSince1970), .float(visit.end.timeIntervalSince1970),
          .text(visit.kind.rawValue), .integer(visit.guided ? 1 : 0),
        ])
    }
  }
}
