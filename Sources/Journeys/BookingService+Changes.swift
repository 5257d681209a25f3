import Foundation

extension BookingService {
  /// Changes the headcount of a held or confirmed booking, until its journey's change deadline,
  /// with every rule checked again as for a new hold (capacity, group sizes, guides): the day
  /// is scheduled anew for the new headcount beside the other bookings of its week. With
  /// `revision`, only if the booking is still at it. Guides who had accepted a visit that
  /// keeps its guide and time keep their answer.
  public func changeHeadcount(_ id: Booking.ID, to headcount: Int, ifRevision revision: Int?)
    async throws -> Booking
  {
    let current = try await booking(id)
    guard
      let published = try await store.journey(current.journey, version: current.journeyVersion)
    else { throw BookingError.unknownJourney(current.journey) }
    let journey = try current.startTime.map { try Self.starting(published, at: $0) } ?? published
    let reference = try await store.referenceData()
    let (travel, civil, now) = (self.travel, self.civil, clock.now())
    let deadline = journey.changeDeadline(for: current.date, civil: civil)
    _ = try await store.updateBookings(
      in: Self.weeks(around: current.date...current.date), at: now
    ) { active -> ([Booking], Void) in
      guard let booking = active.first(where: { $0.id == id }) else {
        // Cancelled or lapsed meanwhile.
        throw BookingError.transition(
          .notAllowed(id, from: current.settled(at: now).state.name, to: "changed"))
      }
      try Self.check(booking, isAt: revision)
      guard now < deadline else { throw BookingError.changeDeadlinePassed(id, deadline: deadline) }
      guard booking.group.headcount != headcount else { return ([], ()) }
      let context = BookingContext(
        sites: reference.catalogue.sites, guides: reference.guides,
        ledger: Ledger(bookings: active.filter { $0.id != id }, at: now, civil: civil),
        travel: travel, civil: civil, now: now)
      var group = booking.group
      group.headcount = headcount
      let programme = JourneyScheduler.schedule(
        journey, on: booking.date,
        for: GroupProfile(headcount: headcount, language: group.language, needs: group.needs),
        in: context, staffing: .planner)
      guard programme.isFeasible else { throw BookingError.refused(programme.violations) }
      var changed = booking
      changed.group = group
      changed.visits = programme.visits.map { visit in
        var kept = visit
        let before = booking.visits.first { $0.site == visit.site && $0.start == visit.start }
        if let before, before.guide == visit.guide {
          kept.accepted = before.accepted
          kept.declinedBy = before.declinedBy
        }
        return kept
      }
      return ([changed], ())
    }
    return try await booking(id)
  }

  /// Throws `revisionMismatch` unless `booking` is at `revision` (any revision when nil).
  static func check(_ booking: Booking, isAt revision: Int?) throws {
    guard let revision, (booking.revision ?? 0) != revision else { return }
    throw BookingError.revisionMismatch(booking.id, current: booking.revision ?? 0)
  }
}
