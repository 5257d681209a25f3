import Foundation
import Journeys
import PostgresNIO

extension PostgresBookingStore {
  public func booking(_ id: Booking.ID) async throws -> Booking? {
    try await client.withConnection { db in try await booking(id, db) }
  }

  /// A booking; with `forUpdate`, also locks its row until the transaction ends, so that a
  /// read-change-write is not overwritten by, and does not overwrite, a concurrent one.
  func booking(_ id: Booking.ID, _ db: PostgresConnection, forUpdate: Bool = false)
    async throws -> Booking?
  {
    let query: PostgresQuery =
      if forUpdate {
        "SELECT body::text FROM bookings WHERE id = \(id.rawValue) FOR UPDATE"
      } else {
        "SELECT body::text FROM bookings WHERE id = \(id.rawValue)"
      }
    return try await bodies(Booking.self, query, on: db).first
  }

  public func bookings(_ query: BookingQuery) async throws -> [Booking] {
    try await client.withConnection { db in
      let date = query.date?.description
      let organisation = query.organisation?.rawValue
      return try await bodies(
        Booking.self,
        """
        SELECT body::text FROM bookings
        WHERE (\(date)::date IS NULL OR date = \(date)::date)
          AND (\(organisation)::text IS NULL OR organisation_id = \(organisation))
        ORDER BY date, created_at, id
        """, on: db)
    }
  }

  public func ledger(_ dates: ClosedRange<LocalDate>, at now: Date) async throws -> Ledger {
    try await client.withConnection { db in try await ledger(dates, at: now, db) }
  }

  func ledger(_ dates: ClosedRange<LocalDate>, at now: Date, _ db: PostgresConnection)
    async throws -> Ledger
  {
    let rows = try await db.query(
      """
      SELECT v.booking_id, b.headcount, v.site_id, v.guide_id, v.kind, v.guided,
             v.starts_at, v.ends_at
      FROM bookings b JOIN visits v ON v.booking_id = b.id
      WHERE b.date BETWEEN \(dates.lowerBound.description)::date
                       AND \(dates.upperBound.description)::date
        AND (b.state = 'confirmed' OR (b.state = 'held' AND b.expires_at > \(now)))
      """, logger: logger)
    var entries: [Ledger.Entry] = []
    for try await (booking, headcount, site, guide, kind, guided, start, end) in rows.decode(
      (String, Int, String, String?, String, Bool, Date, Date).self)
    {
      guard let kind = Journey.StopKind(rawValue: kind) else {
        throw StoreError.corrupt("visit kind \(kind)")
      }
      entries.append(
        Ledger.Entry(
          booking: Booking.ID(booking), headcount: headcount,
          visit: Visit(
            site: Site.ID(site), kind: kind, start: start, end: end, guided: guided,
            guide: guide.map { Guide.ID($0) })))
    }
    return Ledger(entries: entries)
  }

  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (Ledger) throws -> Booking
  ) async throws -> Booking {
    try await transaction { db in
      if let idempotency {
        // One transaction per key at a time, whatever weeks the requests book: else two
        // requests with one key could both find it unrecorded, and the second would fail on
        // the primary key instead of being told the key was used. Taken before the weeks, in
        // the same order by every writer.
        let name = idempotency.scope + "\n" + idempotency.key
        try await db.query("SELECT pg_advisory_xact_lock(7002, hashtext(\(name)))", logger: logger)
      }
      try await lockWeeks(dates, db)
      if let idempotency {
        var recorded: (request: String, booking: String)?
        // Read to the end before the next query on this connection.
        for try await row in try await db.query(
          """
          SELECT request, booking_id FROM idempotency_keys
          WHERE scope = \(idempotency.scope) AND key = \(idempotency.key)
          """, logger: logger
        ).decode((String, String).self) {
          recorded = row
        }
        if let recorded {
          guard recorded.request == idempotency.request else {
            throw BookingError.idempotencyKeyReused(idempotency.key)
          }
          guard let booking = try await booking(Booking.ID(recorded.booking), db) else {
            throw StoreError.corrupt("idempotency key without its booking \(recorded.booking)")
          }
          return booking
        }
      }
      try await expireLapsedHolds(at: now, db)
      let booking = try decide(try await ledger(dates, at: now, db))
      try await insert(booking, db)
      if let idempotency {
        try await db.query(
          """
          INSERT INTO idempotency_keys (scope, key, request, booking_id, created_at)
          VALUES (\(idempotency.scope), \(idempotency.key), \(idempotency.request),
                  \(booking.id.rawValue), \(now))
          """, logger: logger)
      }
      return booking
    }
  }

  /// Takes the advisory lock of every week (Monday) that `dates` touch, earliest first: the
  /// fixed order keeps two writers from deadlocking, and every capacity decision about a week
  /// is made by one transaction at a time, across all processes.
  func lockWeeks(_ dates: ClosedRange<LocalDate>, _ db: PostgresConnection) async throws {
    let monday = Weekday.allCases.firstIndex(of: dates.lowerBound.weekday) ?? 0
    let first = dates.lowerBound.adding(days: -monday)
    for week in stride(from: first.dayNumber, through: dates.upperBound.dayNumber, by: 7) {
      // The two-key form takes two `integer`s (an `Int` would bind as `bigint`).
      try await db.query("SELECT pg_advisory_xact_lock(7001, \(Int32(week)))", logger: logger)
    }
  }

  public func updateBooking(
    _ id: Booking.ID, _ change: @Sendable (Booking) throws -> Booking
  ) async throws -> Booking? {
    try await transaction { db in
      // Under READ COMMITTED a plain read would let two changes both start from the same
      // state and the later write silently undo the earlier (a confirmation over a
      // cancellation): lock the row first.
      guard let current = try await booking(id, db, forUpdate: true) else { return nil }
      let updated = try change(current)
      if updated != current { try await rewrite(updated, db) }
      return updated
    }
  }

  public func expireHolds(at now: Date) async throws -> Int {
    try await transaction { db in
      let count = try await expireLapsedHolds(at: now, db)
      try await db.query(
        "DELETE FROM idempotency_keys WHERE created_at < \(now.addingTimeInterval(-7 * 86_400))",
        logger: logger)
      return count
    }
  }

  public func importBookings(_ bookings: [Booking]) async throws {
    try await transaction { db in
      for booking in bookings { try await insert(booking, db) }
    }
  }

  /// Writes `expired` on holds that lapsed before `now` and frees their guides' time ranges.
  @discardableResult
  func expireLapsedHolds(at now: Date, _ db: PostgresConnection) async throws -> Int {
    let lapsed = try await bodies(
      Booking.self,
      """
      SELECT body::text FROM bookings
      WHERE state = 'held' AND expires_at <= \(now) FOR UPDATE SKIP LOCKED
      """, on: db)
    for booking in lapsed { try await rewrite(booking.settled(at: now), db) }
    return lapsed.count
  }

  /// Writes a booking's new state and visits in place.
  func rewrite(_ booking: Booking, _ db: PostgresConnection) async throws {
    let body = try StoredJSON.encode(booking)
    try await db.query(
      """
      UPDATE bookings SET state = \(booking.state.name), expires_at = \(booking.expiresAt),
        headcount = \(booking.group.headcount), body = \(body)::jsonb
      WHERE id = \(booking.id.rawValue)
      """, logger: logger)
    try await db.query(
      "DELETE FROM visits WHERE booking_id = \(booking.id.rawValue)", logger: logger)
    try await insertVisits(of: booking, db)
  }

  func insert(_ booking: Booking, _ db: PostgresConnection) async throws {
    let body = try StoredJSON.encode(booking)
    try await db.query(
      """
      INSERT INTO bookings (id, journey_id, journey_version, date, organisation_id, state,
                            expires_at, created_at, headcount, body)
      VALUES (\(booking.id.rawValue), \(booking.journey.rawValue), \(booking.journeyVersion),
              \(booking.date.description)::date, \(booking.group.organisation.rawValue),
              \(booking.state.name), \(booking.expiresAt), \(booking.createdAt),
              \(booking.group.headcount), \(body)::jsonb)
      """, logger: logger)
    try await insertVisits(of: booking, db)
  }

  func insertVisits(of booking: Booking, _ db: PostgresConnection) async throws {
    let live = booking.state.name == "held" || booking.state.name == "confirmed"
    for (position, visit) in booking.visits.enumerated() {
      try await db.query(
        """
        INSERT INTO visits (booking_id, position, site_id, guide_id, kind, guided, starts_at,
                            ends_at, live)
        VALUES (\(booking.id.rawValue), \(position), \(visit.site.rawValue),
                \(visit.guide?.rawValue), \(visit.kind.rawValue), \(visit.guided),
                \(visit.start), \(visit.end), \(live))
        """, logger: logger)
    }
  }
}
