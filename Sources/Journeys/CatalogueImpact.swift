import Foundation

/// What a newly published catalogue contradicts among the bookings still to come, for the admin
/// who publishes it: publishing never changes a booking, so a closure added on a booked day, a
/// site removed or a journey withdrawn must be followed up by a person.
public enum CatalogueImpact {
  /// A booking the catalogue now contradicts, and how.
  public struct Finding: Sendable {
    public var booking: Booking
    public var reasons: [LocalizedText]
  }

  /// The bookings active at `now`, dated today or later, that `catalogue` contradicts: a visit
  /// at a site it no longer has or that is not open for the whole visit, or a journey among
  /// `withdrawn`. By date, then booking id.
  public static func findings(
    _ bookings: [Booking], catalogue: Catalogue, withdrawn: Set<Journey.ID>, civil: CivilTime,
    now: Date
  ) -> [Finding] {
    let today = civil.civil(now).date
    var found: [Finding] = []
    for booking in bookings where booking.date >= today && booking.isActive(at: now) {
      var reasons: [LocalizedText] = []
      if withdrawn.contains(booking.journey) {
        reasons.append(
          .init(
            fr: "le parcours \(booking.journey) n'est plus proposé",
            en: "the journey \(booking.journey) is no longer offered"))
      }
      for visit in booking.visits {
        if let reason = conflict(visit, on: booking.date, catalogue: catalogue, civil: civil) {
          reasons.append(reason)
        }
      }
      if !reasons.isEmpty { found.append(Finding(booking: booking, reasons: reasons)) }
    }
    return found.sorted { ($0.booking.date, $0.booking.id) < ($1.booking.date, $1.booking.id) }
  }

  /// Why `visit` no longer fits `catalogue`, or nil.
  static func conflict(_ visit: Visit, on date: LocalDate, catalogue: Catalogue, civil: CivilTime)
    -> LocalizedText?
  {
    guard let site = catalogue.site(visit.site) else {
      return .init(
        fr: "le site \(visit.site) n'est plus au catalogue",
        en: "the site \(visit.site) is no longer in the catalogue")
    }
    switch site.openingHours.day(date) {
    case .failure(let closed):
      return Messages.closedAllDay(site, date: date, reason: closed.reason).message
    case .success(let ranges):
      let (start, end) = (civil.civil(visit.start).time, civil.civil(visit.end).time)
      guard !ranges.contains(where: { $0.start <= start && end <= $0.end }) else { return nil }
      let minutes = Int(visit.end.timeIntervalSince(visit.start) / 60)
      return Messages.closedDuringVisit(
        site, date: date, ranges: ranges, arrival: visit.start, minutes: minutes, civil: civil
      ).message
    }
  }
}
