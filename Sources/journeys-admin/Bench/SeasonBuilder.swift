import Foundation
import Journeys

/// Builds a season of bookings on the real catalogue that respects every rule: each booking is
/// scheduled by `JourneyScheduler` against the ones accepted before it.
struct SeasonBuilder {
  let catalogue: Catalogue
  let first: LocalDate
  let days: Int
  let now: Date

  static let themes = Theme.allCases

  /// Enough room for a 10,000-booking season over about 400 days.
  static let defaultCapacityScale = 25

  /// The catalogue with each site's groups at once and per day multiplied by `factor`: the real
  /// catalogue takes about two bookings a day, far from the seasons a benchmark needs.
  static func scaled(_ catalogue: Catalogue, by factor: Int) -> Catalogue {
    var scaled = catalogue
    scaled.sites = catalogue.sites.map { site in
      var copy = site
      copy.capacity.simultaneousGroups *= factor
      copy.capacity.groupsPerDay *= factor
      return copy
    }
    return scaled
  }

  /// The benchmarks' season: the catalogue of `directory` with capacities scaled
  /// (`defaultCapacityScale`), `guides` guides, 300 days from 1 March 2027, seen from
  /// 1 January 2027.
  static func standard(catalogue directory: String, guides: Int, using rng: inout SplitMix64)
    throws -> (builder: SeasonBuilder, team: [Guide])
  {
    let catalogue = scaled(try CatalogueCommand.read(directory), by: defaultCapacityScale)
    let team = Self.guides(guides, for: catalogue, using: &rng)
    let builder = SeasonBuilder(
      catalogue: catalogue, first: LocalDate(year: 2027, month: 3, day: 1)!, days: 300,
      now: Date(timeIntervalSince1970: 1_798_761_600))  // 2027-01-01T00:00Z
    return (builder, team)
  }

  /// `count` guides with varied languages and certifications; those certified for biodiversity
  /// are also certified by name for the steep sites of `catalogue`, which no theme certifies
  /// for (`Site.certifyingThemes`).
  static func guides(_ count: Int, for catalogue: Catalogue, using rng: inout SplitMix64)
    -> [Guide]
  {
    let steep = catalogue.sites.filter(\.needsSiteCertification).map(\.id)
    let extra: [Language] = ["en", "en", "nl", "de"]
    return (0..<count).map { index in
      var languages: [Language] = ["fr"]
      if Bool.random(using: &rng) { languages.append(extra.randomElement(using: &rng)!) }
      let themes = Array(themes.shuffled(using: &rng).prefix(Int.random(in: 3...6, using: &rng)))
      return Guide(
        id: Guide.ID("bench-guide-\(index)"), name: "Guide \(index)", languages: languages,
        certifiedSites: themes.contains(.biodiversity) ? steep : [], certifiedThemes: themes)
    }
  }

  /// Up to `target` bookings, trying at most five times as many requests, after those of
  /// `earlier`.
  func bookings(
    target: Int, guides: [Guide], using rng: inout SplitMix64, after earlier: [Booking] = []
  ) -> [Booking] {
    var context = BookingContext(
      sites: catalogue.sites, guides: guides, ledger: Ledger(), now: now)
    for booking in earlier {
      context.ledger.add(booking.visits, of: booking.id, headcount: booking.group.headcount)
    }
    var made: [Booking] = []
    for attempt in 0..<(target * 5) where made.count < target {
      let journey = catalogue.journeys.randomElement(using: &rng)!
      let date = first.adding(days: Int.random(in: 0..<days, using: &rng))
      let language = journey.languages.randomElement(using: &rng)!
      let headcount = Int.random(in: journey.groupSize, using: &rng)
      let profile = GroupProfile(headcount: headcount, language: language)
      let programme = JourneyScheduler.schedule(journey, on: date, for: profile, in: context)
      guard programme.isFeasible else { continue }
      let id = Booking.ID("bench-\(earlier.count)-\(attempt)")
      context.ledger.add(programme.visits, of: id, headcount: headcount)
      let state: Booking.State =
        Bool.random(using: &rng)
        ? .confirmed(at: now) : .held(expiresAt: now.addingTimeInterval(365 * 86_400))
      made.append(
        Booking(
          id: id, journey: journey.id, journeyVersion: journey.version, date: date,
          group: Group(
            organisation: "bench", contact: Contact(name: "Bench"), headcount: headcount,
            language: language),
          state: state, visits: programme.visits, createdAt: now))
    }
    return made
  }
}
