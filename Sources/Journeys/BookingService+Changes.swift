import Foundation

extension BookingService {
  /// What a group may change in its booking.
  public struct BookingChange: Hashable, Sendable {
    public var headcount: Int
    /// Nil keeps the declared number.
    public var wheelchairUsers: Int?

    public init(headcount: Int, wheelchairUsers: Int? = nil) {
      self.headcount = headcount
      self.wheelchairUsers = wheelchairUsers
    }
  }

  /// Changes the headcount (and the declared wheelchair users) of a held or confirmed booking,
  /// until its journey's change deadline, with every rule checked again as for a new hold
  /// (capacity, group sizes, accessibility, guides): the day is scheduled anew for the new
  /// group beside the other bookings of its week. With `revisions`, only if the booking is
  /// still at one of them. Returns the booking as written.
  ///
  /// Visits that keep their site and times keep their guide, with his or her answer: the
  /// guide was free for them already, and a guide's constraints do not depend on the size of
  /// the group. Who declined a visit stays recorded.
  public func change(
    _ id: Booking.ID, to change: BookingChange, ifRevision revisions: Set<Int>?
  ) async throws -> Booking {
    let current = try await booking(id)
    guard
      let published = try await store.journey(current.journey, version: current.journeyVersion)
    else { throw BookingError.unknownJourney(current.journey) }
    let journey = try current.startTime.map { try Self.starting(published, at: $0) } ?? published
    let reference = try await store.referenceData()
    // A hold on a journey no longer offered cannot be confirmed: changing it would only
    // pretend otherwise. A confirmed booking keeps its place and may still change.
    if case .held = current.state,
      let withdrawn = try await withdrawnJourney(of: current, catalogue: reference.catalogue)
    {
      throw BookingError.refused([CatalogueImpact.withdrawal(of: withdrawn, held: current)])
    }
    let (travel, civil, now) = (self.travel, self.civil, clock.now())
    let deadline = journey.changeDeadline(for: current.date, civil: civil)
    do {
      return try await store.updateBookings(
        in: Self.weeks(around: current.date...current.date), at: now
      ) { active -> ([Booking], Booking) in
        guard let booking = active.first(where: { $0.id == id }) else { throw NoLongerActive() }
        try Self.check(booking, isAt: revisions)
        guard now < deadline else {
          throw BookingError.changeDeadlinePassed(id, deadline: deadline)
        }
        var group = booking.group
        group.headcount = change.headcount
        group.needs.wheelchairUsers = change.wheelchairUsers ?? group.needs.wheelchairUsers
        guard group.needs.wheelchairUsers <= group.headcount else {
          throw BookingError.invalidRequest(
            .init(
              fr: "Le groupe compterait plus d'usagers en fauteuil que de personnes.",
              en: "The group would have more wheelchair users than people."))
        }
        guard group != booking.group else { return ([], booking) }
        // The planner does not know who declined what: a guide who declined a visit of this
        // group is not given its visits again.
        let declined = Set(booking.visits.flatMap { $0.declinedBy ?? [] })
        var context = BookingContext(
          sites: reference.sites,
          guides: reference.guides.filter { !declined.contains($0.id) },
          ledger: Ledger(bookings: active.filter { $0.id != id }, at: now, civil: civil),
          travel: travel, civil: civil, now: now)
        context.alreadyBooked = Set(booking.visits.map(\.site))
        let programme = JourneyScheduler.schedule(
          journey, on: booking.date,
          for: GroupProfile(
            headcount: group.headcount, language: group.language, needs: group.needs),
          in: context, staffing: .planner)
        guard programme.isFeasible else { throw BookingError.refused(programme.violations) }
        var changed = booking
        changed.group = group
        changed.visits = programme.visits.map { visit in
          Self.keepingStaffing(of: booking.visits, in: visit)
        }
        let written = changed
        // As the store writes it.
        return ([written], changed.revised(from: booking, at: now))
      }
    } catch is NoLongerActive {
      // Cancelled or lapsed meanwhile, or a hold whose places a process with a later clock
      // already gave away: still held by this clock, but lapsed all the same.
      let latest = try await booking(id)
      switch latest.state {
      case .held(let expiresAt), .expired(let expiresAt):
        throw BookingError.transition(.holdExpired(id, at: expiresAt))
      case .confirmed, .cancelled:
        throw BookingError.transition(.notAllowed(id, from: latest.state.name, to: "changed"))
      }
    }
  }

  /// The booking to change is no longer among the active bookings of its week.
  private struct NoLongerActive: Error {}

  /// `visit` with the guide and answer of the same visit before the change, when it kept its
  /// site and times and had a guide; with who declined a visit of that site either way.
  static func keepingStaffing(of before: [Visit], in visit: Visit) -> Visit {
    var kept = visit
    kept.declinedBy = before.first(where: { $0.site == visit.site })?.declinedBy
    if let same = before.first(where: {
      $0.site == visit.site && $0.start == visit.start && $0.end == visit.end
    }), same.guide != nil {
      kept.guide = same.guide
      kept.accepted = same.accepted
    }
    return kept
  }

  /// Throws `revisionMismatch` unless `booking` is at one of `revisions` (any when nil).
  static func check(_ booking: Booking, isAt revisions: Set<Int>?) throws {
    guard let revisions, !revisions.contains(booking.revision ?? 0) else { return }
    throw BookingError.revisionMismatch(booking.id, current: booking.revision ?? 0)
  }
}
