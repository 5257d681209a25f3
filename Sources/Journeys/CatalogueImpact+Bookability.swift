import Foundation

extension CatalogueImpact {
  /// A journey no coming date can take, and the reason the most dates gave.
  public struct Unbookable: Hashable, Sendable {
    public var journey: Journey.ID
    public var reason: LocalizedText
  }

  /// The journeys of `catalogue` that no date of the `days` after today can take, for a group
  /// of the journey's smallest size in its first language, with `guides` and no other booking:
  /// a stop longer than its site's opening, a lunch venue closed on every day the journey
  /// needs, guides certified for none of its sites. The catalogue is valid, but nobody could
  /// book such a journey; the admin who publishes it should hear it.
  public static func unbookable(
    _ catalogue: Catalogue, guides: [Guide], travel: TravelTimes, civil: CivilTime, now: Date,
    days: Int = 120
  ) -> [Unbookable] {
    let context = BookingContext(
      sites: catalogue.sites, guides: guides, ledger: Ledger(), travel: travel, civil: civil,
      now: now)
    let today = civil.civil(now).date
    return catalogue.journeys.compactMap { journey in
      guard let language = journey.languages.first else { return nil }
      let group = GroupProfile(headcount: journey.groupSize.lowerBound, language: language)
      var counts: [Violation.Code: (count: Int, example: Violation)] = [:]
      for offset in 1...max(1, days) {
        let programme = JourneyScheduler.schedule(
          journey, on: today.adding(days: offset), for: group, in: context)
        if programme.isFeasible { return nil }
        // Days, not violations: a Sunday closing five sites is one day, as a guide missing on
        // a weekday is.
        var seen: Set<Violation.Code> = []
        for violation in programme.violations where seen.insert(violation.code).inserted {
          counts[violation.code] = ((counts[violation.code]?.count ?? 0) + 1, violation)
        }
      }
      // The most frequent; on a tie, one that names a site (the cause, where "the day ends
      // late" is its consequence).
      func rank(_ entry: (key: Violation.Code, value: (count: Int, example: Violation))) -> (
        Int, Int, String
      ) {
        (entry.value.count, entry.value.example.site == nil ? 0 : 1, entry.key.rawValue)
      }
      let commonest = counts.max { rank($0) < rank($1) }
      return Unbookable(
        journey: journey.id,
        reason: commonest?.value.example.message ?? .init(fr: "aucune date", en: "no date"))
    }
  }
}
