import Foundation

extension BookingService {
  /// Saves `guide` and, when it replaces a guide of the same id, moves the visits he or she
  /// can no longer lead.
  ///
  /// A replacement keeps what the admin does not set with it — absences, weekly availability,
  /// rest, calendar token, whether active — since dropping them would silently free an absent
  /// guide or break his or her feed; it is one atomic change of the stored guide, so an absence
  /// recorded meanwhile stays. Then the weeks of the guide's coming visits are repaired
  /// (`replanGuides`, fewest changes): a language or certification taken away moves the visits
  /// that needed it to someone who can lead them, or lists them as unstaffed. Nil for a new
  /// guide, who has no visits yet.
  public func saveGuide(_ guide: Guide) async throws -> [GuidePlan]? {
    let replaced = try await store.updateGuide(guide.id) { existing in
      var saved = guide
      saved.unavailable = existing.unavailable
      saved.weeklyAvailability = existing.weeklyAvailability
      saved.minimumRestHours = existing.minimumRestHours
      saved.calendarTokenHash = existing.calendarTokenHash
      saved.active = existing.active
      return saved
    }
    guard replaced != nil else {
      try await store.save(guide)
      return nil
    }
    return try await replanComingWeeks(of: guide.id)
  }

  /// Changes a guide's record at once (`change` may throw to refuse), then re-plans the weeks
  /// of the coming visits he or she leads, moving those the guide can no longer lead (made
  /// inactive, say). Returns the guide as saved and the re-plans; nil when there is no such
  /// guide.
  public func changeGuide(
    _ id: Guide.ID, _ change: @escaping @Sendable (inout Guide) throws -> Void
  ) async throws -> (guide: Guide, plans: [GuidePlan])? {
    let saved = try await store.updateGuide(id) { guide in
      var changed = guide
      try change(&changed)
      return changed
    }
    guard let saved else { return nil }
    return (saved, try await replanComingWeeks(of: id))
  }

  /// Re-plans, week by week, the weeks of the coming visits `guide` leads.
  private func replanComingWeeks(of guide: Guide.ID) async throws -> [GuidePlan] {
    let now = clock.now()
    let mondays = Set(
      try await comingBookings(at: now).filter { booking in
        booking.visits.contains { $0.guide == guide }
      }
      .map { $0.date.adding(days: -$0.date.weekday.ordinal) })
    var plans: [GuidePlan] = []
    for monday in mondays.sorted() {
      plans.append(try await replanGuides(monday...monday.adding(days: 6)))
    }
    return plans
  }

  /// Publishes `catalogue` and returns, with the publication, the coming bookings it
  /// contradicts (`CatalogueImpact`): publishing changes no booking, so they are for a person
  /// to follow up. With `dryRun`, says all that and publishes nothing. A catalogue that would
  /// withdraw every journey on offer is refused (`EmptyingPublication`) unless `force`.
  public func publish(_ catalogue: Catalogue, dryRun: Bool = false, force: Bool = false)
    async throws -> (plan: PublicationPlan, contradicted: [CatalogueImpact.Finding])
  {
    let now = clock.now()
    if !dryRun, !force {
      let preview = try await store.publish(catalogue, at: now, dryRun: true)
      if preview.withdrawsEverything { throw EmptyingPublication(withdrawn: preview.withdrawn) }
    }
    let plan = try await store.publish(catalogue, at: now, dryRun: dryRun)
    let coming = try await comingBookings(at: now)
    let findings = CatalogueImpact.findings(coming, catalogue: catalogue, civil: civil, now: now)
    return (plan, findings)
  }

  /// The bookings active at `now` from today on, settled: two years ahead, further than any
  /// site takes bookings.
  func comingBookings(at now: Date) async throws -> [Booking] {
    let today = civil.civil(now).date
    return try await store.bookings(BookingQuery(dates: today...today.adding(days: 731)))
      .map { $0.settled(at: now) }.filter { $0.isActive(at: now) }
  }
}
