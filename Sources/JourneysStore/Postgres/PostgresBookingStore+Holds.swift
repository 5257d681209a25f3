import Foundation
import Journeys
import PostgresNIO

/// Holds: decided outside any transaction, written only if what they were decided from has not
/// changed.
extension PostgresBookingStore {
  /// Decides from the reference data and the weeks of `dates` as this process remembers them
  /// (reading the weeks it does not know; before a refusal is final, the reference version and,
  /// unless the refusal stands on an empty ledger, the weeks' versions) and writes with
  /// `write_hold` (migration 10), which refuses the write if the reference data
  /// or any of those weeks moved since; `decide` is then called again with them as they are.
  /// No database lock is held while deciding; holds of one week are decided one at a time
  /// within the process. After `holdAttempts` refused writes the hold is decided under its
  /// weeks' locks, so that it ends however busy they are.
  public func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (ReferenceData, Ledger) throws -> Booking
  ) async throws -> Booking {
    if let idempotency,
      let replayed = try await client.withConnection({ db in try await replay(idempotency, db) })
    {
      return replayed
    }
    let mondays = LedgerWeeks.mondays(of: dates)
    do {
      for _ in 0..<max(1, holdAttempts) {
        do {
          return try await weekLocks.withLocks(mondays) {
            try await placeHold(
              ledger: dates, mondays: mondays, at: now, idempotency: idempotency, decide)
          }
        } catch let refusal as UncheckedRefusal {
          // Checked once the weeks are let go: the check may wait for another call to tell.
          if await referenceWitness.confirms(refusal.version, since: refusal.began) {
            throw refusal.error
          }
          if try await currentReference().version == refusal.version { throw refusal.error }
          // The reference data moved since: the hold is decided again from them.
        }
      }
      return try await weekLocks.withLocks(mondays) {
        try await insertLocked(ledger: dates, at: now, idempotency: idempotency, decide)
      }
    } catch let error where idempotency != nil {
      // A retry of a request being written meanwhile, in this process, waited for its weeks
      // and found its places taken by the first attempt: it gets the first attempt's answer.
      if let replayed = try await client.withConnection({ db in
        try await replay(idempotency!, db)
      }) {
        return replayed
      }
      throw error
    }
  }

  /// `insertBooking` once its weeks are locked within this process.
  private func placeHold(
    ledger dates: ClosedRange<LocalDate>, mondays: [LocalDate], at now: Date,
    idempotency: IdempotencyKey?, _ decide: @Sendable (ReferenceData, Ledger) throws -> Booking
  ) async throws -> Booking {
    if holdAttempts == 0 {
      return try await insertLocked(ledger: dates, at: now, idempotency: idempotency, decide)
    }
    // The reference data and the weeks as this process remembers them, unread:
    // `write_hold` refuses a decision made from reference data or a week another
    // writer has changed since. A refusal decided from them is made final only once both are
    // known current: here, in one small statement, when other bookings could explain it;
    // else (it stands on an empty ledger, or on weeks read since the hold began) the reference
    // version by `insertBooking` (`UncheckedRefusal`).
    let began = referenceWitness.mark()
    var reference = try await rememberedReference()
    var referenceChecked = false
    let remembered = ledgerWeeks.known(mondays)
    var read = remembered.contains { !($0?.isCurrent(at: now) ?? false) }
    var weeks = read ? try await currentWeeks(mondays, at: now) : remembered.map { $0! }
    for _ in 0..<holdAttempts {
      let booking: Booking
      do {
        booking = try decide(
          reference.data, LedgerWeeks.ledger(of: dates, from: weeks, mondays: mondays))
      } catch {
        func refused() -> any Error {
          referenceChecked
            ? error : UncheckedRefusal(error: error, version: reference.version, began: began)
        }
        // Other bookings only take room away: a hold refused even with none at all is refused
        // whatever the weeks hold now (a closed site, a holiday), with no second look at them.
        if read || (try? decide(reference.data, Ledger())) == nil { throw refused() }
        // Else the weeks as remembered (none with a lapsed hold: `isCurrent`) and the
        // reference data must both be current at one instant after the hold began.
        let check = try await refusalCheck(mondays)
        guard check.weeks == weeks.map(\.version) else {
          weeks = try await currentWeeks(mondays, at: now)
          read = true
          continue
        }
        guard check.reference == reference.version else {
          reference = try await currentReference()
          referenceChecked = true
          continue
        }
        throw error
      }
      let body = try StoredJSON.encode(booking)
      var call = PostgresFunctionCall()
      try call.add(reference.version, as: "bigint")
      try call.add(mondays.map(\.description), as: "date[]")
      try call.add(weeks.map(\.version), as: "bigint[]")
      try call.add(idempotency?.scope, as: "text")
      try call.add(idempotency?.key, as: "text")
      try call.add(idempotency?.request, as: "text")
      try call.add(booking, body: body)
      try call.add(.booking(before: nil, after: booking, at: Date(), afterJSON: body))
      let placed = try await referenceWitness.witness(
        {
          try await client.withConnection { db in
            try await placement(PreparedFunctionCall<WriteHold>(call), db)
          }
        }, found: { [version = reference.version] in $0.comparedReference ? version : nil })
      switch placed {
      case .placed(let version):
        let decided = weeks.map(\.version)
        // Let go of the weeks, so that the kept one takes the new visits without a copy.
        weeks = []
        remember(booking, in: mondays, decidedAt: decided, nowAt: version)
        // A new row is at revision 0.
        recentBookings.remember(booking, at: 0, body: body)
        return booking
      case .recorded(let request, let id):
        return try await client.withConnection { db in
          try await replayed(idempotency!, request: request, booking: id, db)
        }
      case .conflict, .busy:
        weeks = try await currentWeeks(mondays, at: now)
        read = true
      case .overlap:
        // The weeks as remembered missed a visit that their versions did not announce (a row
        // written with triggers disabled): they are read whole.
        ledgerWeeks.forget(mondays)
        weeks = try await currentWeeks(mondays, at: now)
        read = true
      case .staleReference:
        reference = try await currentReference()
        referenceChecked = true
      }
    }
    return try await insertLocked(ledger: dates, at: now, idempotency: idempotency, decide)
  }

  /// The reference version and the versions of the weeks of `mondays`, as they are now.
  private func refusalCheck(_ mondays: [LocalDate]) async throws -> RefusalCheckQuery.Row {
    try await referenceWitness.witness(
      {
        try await client.withConnection { db in
          for try await row in try await db.execute(
            RefusalCheckQuery(mondays: mondays), logger: logger)
          {
            return row
          }
          throw StoreError.corrupt("the weeks' versions were not read")
        }
      }, found: { $0.reference })
  }

  /// A refusal final but for its reference data, decided from those of `version`: it stands
  /// once a call sent after `began` finds that version current (`ReferenceWitness`, else a
  /// read of the version); if the version moved, the hold is decided again from the reference
  /// data as they are.
  struct UncheckedRefusal: Error {
    let error: any Error
    let version: Int64
    let began: UInt64
  }

  /// What `write_hold` did.
  enum Placement {
    /// Written; the booking's week is now at this version.
    case placed(Int64)
    /// The idempotency key was recorded already, for this request and booking.
    case recorded(request: String, booking: String)
    /// A week moved since it was read: nothing written.
    case conflict
    /// The reference data moved since they were read: nothing written.
    case staleReference
    /// The exclusion constraint refused a guide's visits overlapping: nothing written.
    case overlap
    /// The database asked for the call to be made again (a deadlock, a serialization
    /// failure): nothing written.
    case busy

    /// Whether `write_hold` found the reference version it was given.
    var comparedReference: Bool {
      switch self {
      case .placed, .recorded, .conflict, .overlap: true
      case .staleReference, .busy: false
      }
    }
  }

  private func placement(
    _ statement: PreparedFunctionCall<WriteHold>, _ db: PostgresConnection
  ) async throws -> Placement {
    do {
      var placement = Placement.conflict
      for try await row in try await db.execute(statement, logger: logger) {
        let answer = try row.decode((String, String?, Int64?, String?).self)
        switch answer {
        case ("placed", _, .some(let version), _): placement = .placed(version)
        case ("recorded", .some(let booking), _, .some(let request)):
          placement = .recorded(request: request, booking: booking)
        case ("conflict", _, _, _): placement = .conflict
        case ("stale", _, _, _): placement = .staleReference
        default: throw StoreError.corrupt("write_hold answered \(answer.0)")
        }
      }
      return placement
    } catch let error as PSQLError where Self.isRetryable(error) {
      return .busy
    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23P01" {
      return .overlap
    }
  }

  /// The weeks of `mondays` as they are now: those this process knows at their version, the
  /// others read again.
  func currentWeeks(_ mondays: [LocalDate], at now: Date) async throws -> [LedgerWeeks.Week] {
    let known = ledgerWeeks.known(mondays)
    var call = PostgresFunctionCall()
    try call.add(mondays.map(\.description), as: "date[]")
    try call.add(known.map { $0?.version ?? LedgerWeeks.unknown }, as: "bigint[]")
    try call.add(now, as: "timestamptz")
    let epoch = "DATE '1970-01-01'"
    let query = call.query(
      "ledger_changes",
      columns: """
        monday - \(epoch), version, booking_id, day - \(epoch), headcount, site_id, guide_id, \
        kind, guided, starts_at, ends_at, expires_at
        """)
    var versions: [Int: Int64] = [:]
    var read: [Int: LedgerWeeks.Week] = [:]
    try await retrying { db in
      (versions, read) = ([:], [:])
      for try await row in try await db.query(query, logger: logger).decode(
        (Int, Int64, String?, Int?, Int?, String?, String?, String?, Bool?, Date?, Date?, Date?)
          .self)
      {
        let (monday, version, booking, day, headcount, site, guide, kind, guided, start, end) =
          (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10)
        versions[monday] = version
        guard let booking, let day, let headcount, let site, let kind, let guided, let start,
          let end
        else { continue }
        read[monday, default: LedgerWeeks.Week(version: version)].add(
          try Self.ledgerEntry(booking, headcount, site, guide, kind, guided, start, end),
          bookedFor: LocalDate(dayNumber: day), expiring: row.11)
      }
    }
    return try zip(mondays, known).map { monday, known in
      guard let version = versions[monday.dayNumber] else {
        throw StoreError.corrupt("ledger_changes left out the week of \(monday)")
      }
      if let known, known.version == version { return known }
      let week = read[monday.dayNumber] ?? LedgerWeeks.Week(version: version)
      ledgerWeeks.keep(week, for: monday)
      return week
    }
  }

  /// Adds `booking`'s visits to its kept week, at the version `write_hold` left it at: that
  /// hold kept the week's row locked from its check to its commit, so nothing else changed it
  /// in between.
  private func remember(
    _ booking: Booking, in mondays: [LocalDate], decidedAt versions: [Int64],
    nowAt version: Int64
  ) {
    guard let index = mondays.lastIndex(where: { $0 <= booking.date }) else { return }
    ledgerWeeks.change(mondays[index], from: versions[index], to: version) { week in
      for visit in booking.visits {
        // As `ledger_changes` reads it back: the columns of `visits`, no more.
        let stored = Visit(
          site: visit.site, kind: visit.kind, start: visit.start, end: visit.end,
          guided: visit.guided, guide: visit.guide)
        week.add(
          Ledger.Entry(booking: booking.id, headcount: booking.group.headcount, visit: stored),
          bookedFor: booking.date, expiring: booking.expiresAt)
      }
    }
  }

  /// The hold decided and written in one transaction holding its weeks' locks.
  private func insertLocked(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (ReferenceData, Ledger) throws -> Booking
  ) async throws -> Booking {
    let reference = try await currentReference().data
    return try await transaction { db in
      if let idempotency {
        // One transaction per key at a time, whatever weeks the requests book: else two
        // requests with one key could both find it unrecorded, and the second would fail on
        // the primary key instead of being told the key was used. Taken before the weeks, in
        // the same order by every writer (`write_hold` too).
        let name = idempotency.scope + "\n" + idempotency.key
        try await run("SELECT pg_advisory_xact_lock(7002, hashtext(\(name)))", db)
        if let replayed = try await replay(idempotency, db) { return replayed }
      }
      let booking = try decide(reference, try await lockedLedger(dates, at: now, db))
      let body = try StoredJSON.encode(booking)
      try await insert(booking, body: body, db)
      try await record(.booking(before: nil, after: booking, at: Date(), afterJSON: body), db)
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

  /// The booking recorded with `idempotency`, nil when the key is new; throws when the key was
  /// used for another request.
  private func replay(_ idempotency: IdempotencyKey, _ db: PostgresConnection) async throws
    -> Booking?
  {
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
    guard let recorded else { return nil }
    return try await replayed(idempotency, request: recorded.request, booking: recorded.booking, db)
  }

  /// The booking recorded with a key for `request`; throws when the key is `idempotency`'s
  /// but the request another.
  private func replayed(
    _ idempotency: IdempotencyKey, request: String, booking id: String, _ db: PostgresConnection
  ) async throws -> Booking {
    guard request == idempotency.request else {
      throw BookingError.idempotencyKeyReused(idempotency.key)
    }
    guard let booking = try await booking(Booking.ID(id), db) else {
      throw StoreError.corrupt("idempotency key without its booking \(id)")
    }
    return booking
  }
}
