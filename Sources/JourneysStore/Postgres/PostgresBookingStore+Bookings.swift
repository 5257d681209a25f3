import Foundation
import Journeys
import PostgresNIO

extension PostgresBookingStore {
  public func booking(_ id: Booking.ID) async throws -> Booking? {
    try await client.withConnection { db in try await booking(id, db) }
  }

  func booking(_ id: Booking.ID, _ db: PostgresConnection) async throws -> Booking? {
    try await bodies(
      Booking.self, "SELECT body::text FROM bookings WHERE id = \(id.rawValue)", on: db
    ).first
  }

  public func bookings(_ query: BookingQuery) async throws -> [Booking] {
    try await client.withConnection { db in
      let (first, last) = (query.dates?.lowerBound.description, query.dates?.upperBound.description)
      let organisation = query.organisation?.rawValue
      return try await bodies(
        Booking.self,
        """
        SELECT body::text FROM bookings
        WHERE (\(first)::date IS NULL OR date BETWEEN \(first)::date AND \(last)::date)
          AND (\(organisation)::text IS NULL OR organisation_id = \(organisation))
        ORDER BY date, created_at, id
        """, on: db)
    }
  }

  public func ledger(_ dates: ClosedRange<LocalDate>, at now: Date) async throws -> Ledger {
    try await client.withConnection { db in
      try await ledger(
        db.query(
          """
          SELECT v.booking_id, b.headcount, v.site_id, v.guide_id, v.kind, v.guided,
                 v.starts_at, v.ends_at
          FROM bookings b JOIN visits v ON v.booking_id = b.id
          WHERE b.date BETWEEN \(dates.lowerBound.description)::date
                           AND \(dates.upperBound.description)::date
            AND (b.state = 'confirmed' OR (b.state = 'held' AND b.expires_at > \(now)))
            AND v.live
          """, logger: logger))
    }
  }

  /// The ledger from rows of (booking, headcount, site, guide, kind, guided, start, end).
  func ledger(_ rows: PostgresRowSequence) async throws -> Ledger {
    var entries: [Ledger.Entry] = []
    for try await (booking, headcount, site, guide, kind, guided, start, end) in rows.decode(
      (String, Int, String, String?, String, Bool, Date, Date).self)
    {
      entries.append(
        try Self.ledgerEntry(booking, headcount, site, guide, kind, guided, start, end))
    }
    return Ledger(entries: entries)
  }

  /// A ledger entry from the columns of a visit and its booking's headcount.
  static func ledgerEntry(
    _ booking: String, _ headcount: Int, _ site: String, _ guide: String?, _ kind: String,
    _ guided: Bool, _ start: Date, _ end: Date
  ) throws -> Ledger.Entry {
    guard let kind = Journey.StopKind(rawValue: kind) else {
      throw StoreError.corrupt("visit kind \(kind)")
    }
    return Ledger.Entry(
      booking: Booking.ID(booking), headcount: headcount,
      visit: Visit(
        site: Site.ID(site), kind: kind, start: start, end: end, guided: guided,
        guide: guide.map { Guide.ID($0) }))
  }

  /// Takes the advisory lock of every week (Monday) that `dates` touch, earliest first, and
  /// reads their ledger, in one round trip (`hold_ledger`, migrations 2 and 7): for decisions
  /// made inside a transaction (re-plans, changes, holds after repeated conflicts). The fixed
  /// order keeps two writers from deadlocking; `write_hold` (migration 10) takes the same locks
  /// to write a hold decided outside, so no two decisions about a week are written at once.
  func lockedLedger(_ dates: ClosedRange<LocalDate>, at now: Date, _ db: PostgresConnection)
    async throws -> Ledger
  {
    // The two-key lock takes two `integer`s (an `Int` would bind as `bigint`).
    let weeks = LedgerWeeks.mondays(of: dates).map { Int32($0.dayNumber) }
    return try await ledger(
      db.query(
        """
        SELECT * FROM hold_ledger(\(weeks), \(dates.lowerBound.description)::date,
                                  \(dates.upperBound.description)::date, \(now))
        """, logger: logger))
  }

  public func updateBooking(
    _ id: Booking.ID, _ change: @Sendable (Booking) throws -> Booking
  ) async throws -> Booking? {
    // A booking this process just wrote is first tried at the revision it wrote, unread; any
    // doubt (the change refused, a no-op, the write missed) and it is read as below.
    if let recent = recentBookings.recalled(id) {
      if var updated = try? change(recent.booking), updated != recent.booking {
        updated = updated.revised(from: recent.booking, at: Date())
        if try await write(
          updated, over: recent.booking, stored: recent.body, ifRevision: recent.revision)
        {
          return updated
        }
      }
      recentBookings.forget(id)
    }
    // Compare-and-set on the revision: a change made meanwhile by another request makes the
    // write miss, and the change is decided again from what that request wrote (else a
    // confirmation could silently undo a cancellation).
    var refused: Int?
    while true {
      let read = try await client.withConnection { db in try await revisedBooking(id, db) }
      guard let (current, revision, stored) = read else { return nil }
      // Missed at an unchanged revision: `rewrite` refused to revive a hold that a hold of
      // another process already counted as lapsed (its clock may be ahead of this one's).
      if revision == refused, case .held(let expiresAt) = current.state {
        throw BookingError.transition(.holdExpired(id, at: expiresAt))
      }
      var updated = try change(current)
      if updated == current { return updated }
      updated = updated.revised(from: current, at: Date())
      if try await write(updated, over: current, stored: stored, ifRevision: revision) {
        return updated
      }
      refused = revision
    }
  }

  /// Writes `updated` over `current` if its row is still at `revision`, with its audit entry;
  /// returns whether it wrote.
  private func write(
    _ updated: Booking, over current: Booking, stored: String, ifRevision revision: Int
  ) async throws -> Bool {
    let body = try StoredJSON.encode(updated)
    let change = try ChangeRecord.booking(
      before: current, after: updated, at: Date(), beforeJSON: stored, afterJSON: body)
    let written: Bool
    if updated.visits == current.visits {
      // A confirmation or a cancellation: one call, its own transaction.
      var call = PostgresFunctionCall()
      try call.add(rewriting: updated, body: body, ifRevision: revision)
      try call.add(change)
      written = try await retrying { db in
        try await flag(PreparedFunctionCall<WriteChange>(call), db)
      }
    } else {
      written = try await transaction { db in
        guard try await rewrite(updated, body: body, ifRevision: revision, db) else {
          return false
        }
        try await replaceVisits(of: updated, db)
        try await record(change, db)
        return true
      }
    }
    if written { recentBookings.remember(updated, at: revision + 1, body: body) }
    return written
  }

  public func updateBookings<T: Sendable>(
    in dates: ClosedRange<LocalDate>, at now: Date,
    _ change: @Sendable ([Booking]) throws -> (changed: [Booking], result: T)
  ) async throws -> T {
    try await transaction { db in
      // The week locks every hold of these dates takes (none is decided meanwhile), and lapsed
      // holds freeing their guides' time, as before a hold.
      _ = try await lockedLedger(dates, at: now, db)
      // Guides may swap visits: the overlap check waits for the whole change.
      try await db.query("SET CONSTRAINTS guide_never_in_two_places DEFERRED", logger: logger)
      let active = try await bodies(
        Booking.self,
        """
        SELECT body::text FROM bookings
        WHERE date BETWEEN \(dates.lowerBound.description)::date
                       AND \(dates.upperBound.description)::date
          AND (state = 'confirmed' OR (state = 'held' AND expires_at > \(now) AND NOT EXISTS (
            SELECT 1 FROM visits x WHERE x.booking_id = bookings.id AND NOT x.live)))
        ORDER BY date, created_at, id FOR UPDATE
        """, on: db)
      let before = Dictionary(active.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      let (changed, result) = try change(active)
      for var booking in changed {
        guard let current = before[booking.id], booking != current else { continue }
        // At the caller's clock, as the caller's own copy of the change has it.
        booking = booking.revised(from: current, at: now)
        // Only a released hold is refused, and those were left out above.
        guard try await rewrite(booking, db) else {
          throw BookingError.transition(.holdExpired(booking.id, at: current.expiresAt ?? now))
        }
        try await replaceVisits(of: booking, db)
        try await record(.booking(before: current, after: booking, at: Date()), db)
      }
      return result
    }
  }

  public func bookingCountsByState() async throws -> [String: Int] {
    try await client.withConnection { db in
      var counts: [String: Int] = [:]
      for try await (state, count) in try await db.query(
        "SELECT state, count(*)::integer FROM bookings GROUP BY state", logger: logger
      ).decode((String, Int).self) {
        counts[state] = count
      }
      return counts
    }
  }

  public func importBookings(_ bookings: [Booking]) async throws {
    try await transaction { db in
      for booking in bookings {
        try await insert(booking, db)
        try await record(.booking(before: nil, after: booking, at: Date()), db)
      }
    }
  }

  /// A booking with the revision it was read at, and its stored JSON.
  func revisedBooking(_ id: Booking.ID, _ db: PostgresConnection) async throws
    -> (Booking, Int, String)?
  {
    try await revisedBookings(
      "SELECT body::text, revision FROM bookings WHERE id = \(id.rawValue)", db
    ).first
  }

  /// The bookings `query` returns as (body, revision) rows, each with its row's revision and
  /// its stored JSON.
  func revisedBookings(_ query: PostgresQuery, _ db: PostgresConnection) async throws
    -> [(Booking, Int, String)]
  {
    var found: [(Booking, Int, String)] = []
    for try await (body, revision) in try await db.query(query, logger: logger).decode(
      (String, Int).self)
    {
      found.append((try StoredJSON.decode(Booking.self, body), revision, body))
    }
    return found
  }

  /// Writes a booking's state in place, and whether its visits hold their guides' time; with
  /// `revision`, only if the row is still at it. Returns whether the row was written.
  ///
  /// A hold whose visits have been released (by `hold_ledger` or `ledger_changes`, before any
  /// decision about its week once it lapsed) is never revived: its places may be taken
  /// (`rewrite_booking`, migration 8).
  @discardableResult
  func rewrite(
    _ booking: Booking, body: String? = nil, ifRevision revision: Int? = nil,
    _ db: PostgresConnection
  ) async throws -> Bool {
    var call = PostgresFunctionCall()
    try call.add(
      rewriting: booking, body: try body ?? StoredJSON.encode(booking), ifRevision: revision)
    return try await flag(call.query("rewrite_booking"), db)
  }

  /// The one boolean `query` returns.
  func flag(_ query: PostgresQuery, _ db: PostgresConnection) async throws -> Bool {
    var value = false
    for try await flag in try await db.query(query, logger: logger).decode(Bool.self) {
      value = flag
    }
    return value
  }

  /// The one boolean `call` returns.
  func flag<Function>(_ call: PreparedFunctionCall<Function>, _ db: PostgresConnection)
    async throws -> Bool
  {
    var value = false
    for try await row in try await db.execute(call, logger: logger) {
      value = try row.decode(Bool.self)
    }
    return value
  }

  /// Inserts a booking and its visits in one statement (`insert_booking`, migration 8).
  func insert(_ booking: Booking, body: String? = nil, _ db: PostgresConnection) async throws {
    var call = PostgresFunctionCall()
    try call.add(booking, body: try body ?? StoredJSON.encode(booking))
    try await run(call.query("insert_booking"), db)
  }

  /// A booking's visits written anew, after its guides or times changed (`insert_visits`,
  /// migration 8).
  func replaceVisits(of booking: Booking, _ db: PostgresConnection) async throws {
    try await db.query(
      "DELETE FROM visits WHERE booking_id = \(booking.id.rawValue)", logger: logger)
    var call = PostgresFunctionCall()
    try call.add(booking.id.rawValue, as: "text")
    try call.add(visitsOf: booking)
    try await run(call.query("insert_visits"), db)
  }
}

extension Booking {
  /// Whether the booking's visits hold their guides' time (the exclusion constraint's `live`).
  var holdsTime: Bool { state.name == "held" || state.name == "confirmed" }
}
