import Foundation

extension BookingService {
  /// Saves `guide` and, when it replaces a guide of the same id, moves the visits he or she
  /// can no longer lead.
  ///
  /// A replacement keeps what the admin does not set with it — absences, weekly availability,
  /// rest, calendar token, whether active — since dropping them would silently free an absent
  /// guide or break his or her feed. Then the weeks of the guide's coming visits are repaired
  /// (`replanGuides`, fewest changes): a language or certification taken away moves the visits
  /// that needed it to someone who can lead them, or lists them as unstaffed. Nil for a new
  /// guide, who has no visits yet.
  public func saveGuide(_ guide: Guide) async throws -> [GuidePlan]? {
    let existing = try await store.guides().first { $0.id == guide.id }
    var saved = guide
    if let existing {
      saved.unavailable = existing.unavailable
      saved.weeklyAvailability = existing.weeklyAvailability
      saved.minimumRestHours = existing.minimumRestHours
      saved.calendarTokenHash = existing.calendarTokenHash
      saved.active = existing.active
    }
    try await store.save(saved)
    guard existing != nil else { return nil }
    // Two years: further than any site takes bookings.
    let now = clock.now()
    let today = civil.civil(now).date
    let booked = try await store.bookings(BookingQuery(dates: today...today.adding(days: 731)))
    let mondays = Set(
      booked.filter { booking in
        booking.settled(at: now).isActive(at: now)
          && booking.visits.contains { $0.guide == guide.id }
      }
      .map { $0.date.adding(days: -$0.date.weekday.ordinal) })
    var plans: [GuidePlan] = []
    for monday in mondays.sorted() {
      plans.append(try await replanGuides(monday...monday.adding(days: 6)))
    }
    return plans
  }
}
