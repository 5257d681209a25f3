import Foundation

extension CatalogueImpact {
  /// Why confirming `hold` would promise what the published `catalogue` no longer allows, as
  /// violations; none when it may be confirmed.
  ///
  /// The same findings as publishing lists (a site withdrawn or closed for a visit, a group now
  /// too large, the journey no longer offered), and a capacity now reduced below the groups
  /// already confirmed at a site that day or at once: confirmed bookings keep their places, so
  /// the holds that no longer fit are the ones refused. `confirmed` are the other bookings
  /// confirmed on the hold's date; `withdrawn` is the journey held when it is no longer on
  /// offer (a journey assembled for the group always is), for its title.
  public static func confirmationConflicts(
    _ hold: Booking, confirmed: [Booking], catalogue: Catalogue, withdrawn: Journey?,
    civil: CivilTime
  ) -> [Violation] {
    var found = withdrawn.map { [withdrawal(of: $0, held: hold)] } ?? []
    let others = confirmed.filter { $0.id != hold.id && $0.date == hold.date }
    for visit in hold.visits {
      if let why = conflict(visit, on: hold.date, catalogue: catalogue, civil: civil) {
        found.append(
          Violation(
            code: catalogue.site(visit.site) == nil ? .siteUnknown : .siteClosed,
            site: visit.site, date: hold.date, start: visit.start, end: visit.end, message: why))
      }
      guard let site = catalogue.site(visit.site) else { continue }
      if hold.group.headcount > site.capacity.maxGroupSize {
        found.append(
          Messages.groupTooLarge(site, headcount: hold.group.headcount, date: hold.date))
      }
      let there = others.filter { booking in booking.visits.contains { $0.site == site.id } }
      if there.count >= site.capacity.groupsPerDay {
        found.append(Messages.dailyLimit(site, date: hold.date))
      }
      let together = there.filter { booking in
        booking.visits.contains {
          $0.site == site.id && $0.start < visit.end && visit.start < $0.end
        }
      }
      if together.count >= site.capacity.simultaneousGroups {
        found.append(Messages.fullAtOnce(site, date: hold.date, at: visit.start, civil: civil))
      }
    }
    return found
  }

  /// Why `hold` on `journey`, no longer offered, can be neither confirmed nor changed.
  public static func withdrawal(of journey: Journey, held hold: Booking) -> Violation {
    Violation(
      code: .journeyWithdrawn, journey: hold.journey, date: hold.date,
      message: .init(
        fr:
          "Le parcours « \(journey.title.fr) » n'est plus proposé au catalogue : cette option ne peut plus être ni confirmée ni modifiée.",
        en:
          "The journey “\(journey.title.en)” is no longer offered in the catalogue: this hold can no longer be confirmed or changed."
      ))
  }
}
