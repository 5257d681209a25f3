import Foundation

/// A guided visit given to a guide, as the guide sees it.
public struct Assignment: Sendable {
  public var key: VisitKey
  public var booking: Booking
  public var visit: Visit { booking.visits[key.position] }

  public init(key: VisitKey, booking: Booking) {
    self.key = key
    self.booking = booking
  }
}

extension VisitKey {
  /// The assignment's id in the API: the booking id, a dot, the visit's place in the day from 1.
  public var assignmentID: String { "\(booking.rawValue).\(position + 1)" }

  /// Reads an assignment id; nil when it is not one.
  public init?(assignmentID text: String) {
    guard let dot = text.lastIndex(of: "."), let number = Int(text[text.index(after: dot)...]),
      number >= 1, dot > text.startIndex
    else { return nil }
    self.init(booking: Booking.ID(String(text[..<dot])), position: number - 1)
  }
}

extension BookingService {
  /// The guided visits `guide` leads from `from` through `to`, of bookings active now.
  public func schedule(of guide: Guide.ID, from: LocalDate, through to: LocalDate) async throws
    -> [Assignment]
  {
    guard try await store.guides().contains(where: { $0.id == guide }) else {
      throw BookingError.unknownGuide(guide)
    }
    try Self.checkRange(from, to)
    let now = clock.now()
    var found: [Assignment] = []
    for booking in try await store.bookings(BookingQuery(dates: from...to)) {
      let booking = booking.settled(at: now)
      guard booking.isActive(at: now) else { continue }
      for (position, visit) in booking.visits.enumerated() where visit.guide == guide {
        found.append(
          Assignment(key: VisitKey(booking: booking.id, position: position), booking: booking))
      }
    }
    return found.sorted { ($0.visit.start, $0.key) < ($1.visit.start, $1.key) }
  }

  /// `guide` accepts an assignment of his or hers: it stays with him or her when guides are
  /// re-planned.
  public func accept(_ key: VisitKey, by guide: Guide.ID) async throws -> Assignment {
    let clock = clock
    let booking = try await changeVisit(key) { booking, visit in
      let now = clock.now()
      // Checked on the booking as it is written: a re-plan may have moved the visit meanwhile.
      guard visit.guide == guide, booking.isActive(at: now) else {
        throw BookingError.notAssigned(key.assignmentID)
      }
      visit.accepted = true
    }
    return Assignment(key: key, booking: booking)
  }

  /// `guide` declines an assignment of his or hers: the visit goes to another guide with the
  /// fewest changes to the plan, or is reported without one. Returns the repair.
  public func decline(_ key: VisitKey, by guide: Guide.ID) async throws -> GuidePlan {
    let clock = clock
    let booking = try await changeVisit(key) { booking, visit in
      let now = clock.now()
      guard visit.guide == guide, booking.isActive(at: now) else {
        throw BookingError.notAssigned(key.assignmentID)
      }
      visit.declinedBy = (visit.declinedBy ?? []) + [guide]
      visit.guide = nil
      visit.accepted = nil
    }
    // The whole week: whoever takes over keeps his or her weekly hours.
    let visit = booking.visits[key.position]
    let day = civil.civil(visit.start).date
    let monday = day.adding(days: -day.weekday.ordinal)
    var plan = try await replanGuides(monday...monday.adding(days: 6))
    // The re-plan starts from the visit already without a guide: the move is from the guide
    // who declined, to whoever takes it or to nobody.
    plan.changes.removeAll { $0.visit == key }
    plan.changes.append(
      .init(
        visit: key, site: visit.site, start: visit.start, from: guide, to: plan.assignments[key]))
    plan.changes.sort { ($0.start, $0.visit) < ($1.start, $1.visit) }
    return plan
  }

  /// Records that `guide` is away from the start of `first` to the end of `last`, and moves
  /// the visits this touches (`GuideAssignment.repair` over the whole weeks, so that whoever
  /// takes over keeps his or her weekly hours).
  public func addAbsence(
    _ id: Guide.ID, from first: LocalDate, through last: LocalDate, reason: String? = nil
  ) async throws -> GuidePlan {
    try Self.checkRange(first, last)
    guard last >= civil.civil(clock.now()).date else {
      throw BookingError.invalidRequest(
        .init(
          fr: "Cette absence est entièrement passée : elle ne changerait rien.",
          en: "This absence is wholly in the past: it would change nothing."))
    }
    let days = span(first, through: last)
    let absence = Guide.Absence(start: days.lowerBound, end: days.upperBound, reason: reason)
    let saved = try await store.updateGuide(id) { guide in
      // The same absence sent twice (a retried request), or days already recorded as away,
      // are recorded once.
      let recorded = guide.unavailable ?? []
      guard !recorded.contains(where: { $0.start <= absence.start && absence.end <= $0.end })
      else { return guide }
      var updated = guide
      updated.unavailable = (guide.unavailable ?? []) + [absence]
      return updated
    }
    guard saved != nil else { throw BookingError.unknownGuide(id) }
    let monday = first.adding(days: -first.weekday.ordinal)
    return try await replanGuides(monday...last.adding(days: 6 - last.weekday.ordinal))
  }

  /// Takes the days from `first` through `last` out of the guide's absences: those within
  /// them are withdrawn, those overlapping them shortened or split (`Guide.Absence.removing`).
  /// The guide's visits stay as they are; the next plan may give him or her some again.
  /// Throws when the guide is not away on any of those days.
  public func takeOutOfAbsences(_ id: Guide.ID, from first: LocalDate, through last: LocalDate)
    async throws
  {
    try Self.checkRange(first, last)
    let days = span(first, through: last)
    let saved = try await store.updateGuide(id) { guide in
      let recorded = guide.unavailable ?? []
      let left = recorded.flatMap { $0.removing(days) }
      guard left != recorded else {
        throw BookingError.invalidRequest(
          .init(
            fr: "Aucune absence de \(id) entre le \(first) et le \(last).",
            en: "\(id) is not away between \(first) and \(last)."))
      }
      var back = guide
      back.unavailable = left
      return back
    }
    guard saved != nil else { throw BookingError.unknownGuide(id) }
  }

  /// The whole days from `first` through `last`, midnight to midnight in the service's time.
  private func span(_ first: LocalDate, through last: LocalDate) -> Range<Date> {
    let midnight = LocalTime(minutes: 0)!
    return civil.boundary(
      on: first, at: midnight)..<civil.boundary(
        on: last.adding(days: 1), at: midnight)
  }

  /// Re-plans the guides of `dates` and writes the changes, as one change made under the
  /// booking locks of those dates (no hold is decided meanwhile, in any process): with the
  /// fewest changes (`GuideAssignment.repair`), or, with `optimise`, for the fewest guides and
  /// then the fewest changes (`GuideAssignment.plan`, searching for `seconds`).
  ///
  /// The day before and the day after are read and locked too, their guides kept as they are:
  /// the rest between days depends on them. With `dryRun`, the plan is made the same way from
  /// the bookings as they are and nothing is written: what applying it would write, unless
  /// bookings change meanwhile.
  public func replanGuides(
    _ dates: ClosedRange<LocalDate>, optimise: Bool = false, seconds: Double = 1,
    dryRun: Bool = false
  ) async throws -> GuidePlan {
    let now = clock.now()
    let planned = dates
    let dates = dates.lowerBound.adding(days: -1)...dates.upperBound.adding(days: 1)
    // A fixed amount of search (the clock only caps it): two processes re-planning the same
    // week find the same plan, and the second has nothing to change.
    let options = RosterOptions(timeLimit: seconds, iterationLimit: 20_000)
    @Sendable func plan(_ bookings: [Booking], _ reference: ReferenceData) -> GuidePlan {
      let context = BookingContext(
        sites: reference.sites, guides: reference.guides, ledger: Ledger(entries: []),
        travel: travel, civil: civil, now: now)
      let (bookings, pinned) = Self.keepingEdges(of: bookings, outside: planned)
      let whole =
        optimise
        ? GuideAssignment.plan(
          bookings: bookings, guides: reference.guides, in: context, pinned: pinned,
          options: options)
        : GuideAssignment.repair(
          bookings: bookings, guides: reference.guides, in: context, pinned: pinned,
          options: options)
      let inside = Set(bookings.filter { planned.contains($0.date) }.map(\.id))
      return whole.restricted(to: inside)
    }
    // Search outside the locks, then write if nothing changed meanwhile: holds of these dates
    // wait only for the write, and the search does not hold a thread of the cooperative pool.
    for _ in 0..<3 {
      let active = try await store.bookings(BookingQuery(dates: dates)).filter {
        $0.isActive(at: now)
      }
      // Guides after bookings: an absence is saved before the re-plan that moves its visits,
      // so bookings read after that re-plan come with guides that know of the absence.
      let reference = try await store.referenceData()
      let proposed = try await offThePool { plan(active, reference) }
      if dryRun { return proposed }
      let written: GuidePlan? = try await store.updateBookings(in: dates, at: now) { current in
        guard Set(current) == Set(active) else { return ([], nil) }
        return (Self.applying(proposed.changes, to: current), proposed)
      }
      if let written { return written }
    }
    // Bookings keep arriving: plan under the locks, which always ends.
    let reference = try await store.referenceData()
    return try await store.updateBookings(in: dates, at: now) { current in
      let proposed = plan(current, reference)
      return (Self.applying(proposed.changes, to: current), proposed)
    }
  }

  /// The bookings with the visits of those outside `dates` pinned to their guides, and their
  /// unstaffed visits left out: they are there only as what the guides of `dates` must rest
  /// from.
  static func keepingEdges(of bookings: [Booking], outside dates: ClosedRange<LocalDate>)
    -> ([Booking], [VisitKey: Guide.ID])
  {
    var pinned: [VisitKey: Guide.ID] = [:]
    let kept = bookings.map { booking in
      guard !dates.contains(booking.date) else { return booking }
      var edge = booking
      for (position, visit) in booking.visits.enumerated() where visit.guided {
        if let guide = visit.guide {
          pinned[VisitKey(booking: booking.id, position: position)] = guide
        } else {
          edge.visits[position].guided = false
        }
      }
      return edge
    }
    return (kept, pinned)
  }

  /// The bookings `changes` touch, with their new guides. A visit that changes guide waits for
  /// the new guide's answer.
  static func applying(_ changes: [GuidePlan.Change], to bookings: [Booking]) -> [Booking] {
    let byBooking = Dictionary(grouping: changes, by: \.visit.booking)
    return bookings.compactMap { booking in
      guard let changes = byBooking[booking.id] else { return nil }
      var updated = booking
      for change in changes where updated.visits.indices.contains(change.visit.position) {
        var visit = updated.visits[change.visit.position]
        guard visit.guide != change.to else { continue }
        // The guide it is taken from keeps it in his or her calendar, cancelled.
        var former = (visit.formerGuides ?? []).filter { $0 != change.to }
        if let previous = visit.guide, !former.contains(previous) { former.append(previous) }
        visit.formerGuides = former.isEmpty ? nil : former
        visit.guide = change.to
        visit.accepted = nil
        updated.visits[change.visit.position] = visit
      }
      return updated
    }
  }

  /// The guide's calendar (RFC 5545), for the holder of the guide's calendar token (given by
  /// its hash, as stored): the assignments of the last 30 days and the next 365, cancelled
  /// ones included as such.
  public func guideCalendar(_ id: Guide.ID, tokenHash: String, language: Language = .french)
    async throws -> String
  {
    let reference = try await store.referenceData()
    // The same answer for a wrong token as for no such guide: nothing to learn by guessing.
    guard let guide = reference.guides.first(where: { $0.id == id }),
      let expected = guide.calendarTokenHash, Self.sameSecret(expected, tokenHash)
    else { throw BookingError.unknownGuide(id) }
    let now = clock.now()
    let today = civil.civil(now).date
    var revisions: [CalendarFeed.Revision] = []
    // One read of the whole window (it was a query per date).
    for booking in try await store.bookings(
      BookingQuery(dates: today.adding(days: -30)...today.adding(days: 365)))
    where booking.visits.contains(where: { $0.guide == id || $0.wasTaken(from: id) }) {
      revisions.append(.init(booking, sequence: booking.revision ?? 0))
    }
    return CalendarFeed.guideCalendar(
      for: guide, revisions: revisions, reference: reference, language: language, now: now
    ).rendered()
  }

  /// The delegation's calendar of one booking (RFC 5545).
  public func bookingCalendar(_ id: Booking.ID, language: Language? = nil) async throws -> String {
    guard let booking = try await store.booking(id) else { throw BookingError.unknownBooking(id) }
    let reference = try await store.referenceData()
    // An assembled day is not in the catalogue: its own title, not its id.
    let custom =
      booking.journey.isCustom
      ? try await store.journey(booking.journey, version: booking.journeyVersion) : nil
    return CalendarFeed.bookingCalendar(
      .init(booking, sequence: booking.revision ?? 0), reference: reference, language: language,
      now: clock.now(), title: custom?.title
    ).rendered()
  }

  private func changeVisit(
    _ key: VisitKey, _ change: @escaping @Sendable (Booking, inout Visit) throws -> Void
  ) async throws -> Booking {
    let updated = try await store.updateBooking(key.booking) { booking in
      guard booking.visits.indices.contains(key.position), booking.visits[key.position].guided
      else { throw BookingError.unknownAssignment(key.assignmentID) }
      var copy = booking
      try change(booking, &copy.visits[key.position])
      return copy
    }
    guard let updated else { throw BookingError.unknownAssignment(key.assignmentID) }
    return updated
  }

  static func checkRange(_ from: LocalDate, _ to: LocalDate) throws {
    guard from <= to, from.distance(to: to) < maximumAvailabilityDays else {
      throw BookingError.invalidRequest(
        .init(
          fr: "Les dates vont dans l'ordre, sur \(maximumAvailabilityDays) jours au plus.",
          en: "The dates must be in order, over at most \(maximumAvailabilityDays) days."))
    }
  }

  /// Compares two secrets in a time that does not depend on where they differ.
  static func sameSecret(_ a: String, _ b: String) -> Bool {
    let (x, y) = (Array(a.utf8), Array(b.utf8))
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }
}
