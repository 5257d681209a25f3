import Foundation
import Journeys

// Small, hand-made fixtures: a few sites of the basin with simple opening hours, guides, and
// helpers to build journeys, ledgers and contexts. Fixture literals are known to be valid, so
// they are force-unwrapped here rather than in every test.

/// `YYYY-MM-DD`.
func date(_ text: String) -> LocalDate { LocalDate(text)! }

/// `HH:MM`.
func time(_ text: String) -> LocalTime { LocalTime(text)! }

/// The instant at which clocks in Paris show `hhmm` on `day` (earlier occurrence if ambiguous).
func paris(_ day: String, _ hhmm: String) -> Date {
  try! CivilTime.paris.instant(on: date(day), at: time(hhmm))
}

enum Basin {
  static let baseID: Site.ID = "loos-base-11-19"
  static let terrilsID: Site.ID = "loos-terrils-jumeaux"
  static let louvreID: Site.ID = "lens-louvre-lens"

  /// `range` on each of `days`.
  static func hours(_ range: String, on days: [Weekday] = Weekday.allCases) -> OpeningHours {
    let parsed = LocalTimeRange(range)!
    return OpeningHours(week: Dictionary(uniqueKeysWithValues: days.map { ($0, [parsed]) }))
  }

  static func site(
    _ id: Site.ID, name: String, hours: OpeningHours, capacity: Site.Capacity,
    languages: [Language] = ["fr", "en"], themes: [Theme], stepFree: Bool? = true,
    latitude: Double = 50.45, longitude: Double = 2.79
  ) -> Site {
    Site(
      id: id, name: name, commune: "Loos-en-Gohelle",
      location: .init(latitude: latitude, longitude: longitude, precision: .site),
      themes: themes, visitMinutes: 60, guided: true, languages: languages, capacity: capacity,
      openingHours: hours, accessibility: .init(stepFree: stepFree))
  }

  /// Open every day 09:00–18:00, two groups at a time, six a day; step-free.
  static let base = site(
    baseID, name: "Base 11/19", hours: hours("09:00-18:00"),
    capacity: .init(maxGroupSize: 40, simultaneousGroups: 2, groupsPerDay: 6),
    themes: [.heritage, .energy], latitude: 50.4578, longitude: 2.7925)

  /// Open every day 10:00–17:00, one group at a time; not step-free.
  static let terrils = site(
    terrilsID, name: "Terrils jumeaux", hours: hours("10:00-17:00"),
    capacity: .init(maxGroupSize: 30, simultaneousGroups: 1, groupsPerDay: 4),
    themes: [.biodiversity], stepFree: false, latitude: 50.4610, longitude: 2.7800)

  /// Closed on Tuesdays, open 10:00–18:00 otherwise, public holidays included.
  static let louvre: Site = {
    var opening = hours("10:00-18:00", on: Weekday.allCases.filter { $0 != .tuesday })
    opening.publicHolidays = .open
    return site(
      louvreID, name: "Louvre-Lens", hours: opening,
      capacity: .init(maxGroupSize: 30, simultaneousGroups: 4, groupsPerDay: 12),
      languages: ["fr", "en", "de"], themes: [.culture], latitude: 50.4306, longitude: 2.8033)
  }()

  static let sites = [base, terrils, louvre]

  /// Measured times, so that programmes are exact: base–terrils 15, base–louvre 20,
  /// terrils–louvre 25 minutes.
  static let travel = TravelTimes(overrides: [
    .init(baseID, terrilsID): 15, .init(baseID, louvreID): 20, .init(terrilsID, louvreID): 25,
  ])

  static let camille = Guide(
    id: "guide-camille", name: "Camille Dufour", languages: ["fr", "en"],
    certifiedThemes: [.heritage, .energy, .biodiversity, .culture])
  static let mathieu = Guide(
    id: "guide-mathieu", name: "Mathieu Lefebvre", languages: ["fr"],
    certifiedThemes: [.heritage, .biodiversity])
  static let guides = [camille, mathieu]

  /// Monday 4 May 2026, 08:00 in Paris.
  static let now = paris("2026-05-04", "08:00")

  static func stop(
    _ site: Site.ID, _ minutes: Int, guided: Bool = true, mandatory: Bool = true
  ) -> Journey.Stop {
    Journey.Stop(
      site: site, minutes: minutes, guided: guided, mandatory: mandatory,
      activity: .init(fr: "Visite", en: "Visit"))
  }

  static func journey(
    _ stops: [Journey.Stop], day: String = "09:00-18:00", size: ClosedRange<Int> = 5...40,
    languages: [Language] = ["fr", "en"], id: Journey.ID = "loos-ville-pilote", version: Int = 1
  ) -> Journey {
    let window = LocalTimeRange(day)!
    return Journey(
      id: id, version: version, title: .init(fr: "Loos, ville pilote", en: "Loos, pilot town"),
      description: .init(fr: "Une journée", en: "A day"), themes: [.heritage],
      languages: languages, groupSize: size,
      day: .init(start: window.start, end: window.end), stops: stops)
  }

  static func context(
    sites: [Site] = sites, guides: [Guide] = guides, ledger: Ledger = Ledger(),
    now: Date = now
  ) -> BookingContext {
    BookingContext(sites: sites, guides: guides, ledger: ledger, travel: travel, now: now)
  }

  /// A visit of another booking, for the ledger.
  static func entry(
    _ booking: String, at site: Site.ID, on day: String, _ from: String, _ to: String,
    guide: Guide.ID? = nil, headcount: Int = 20
  ) -> Ledger.Entry {
    Ledger.Entry(
      booking: .init(booking), headcount: headcount,
      visit: Visit(
        site: site, kind: .visit, start: paris(day, from), end: paris(day, to),
        guided: guide != nil, guide: guide))
  }

  static func group(
    _ headcount: Int = 20, _ language: Language = "fr", wheelchairUsers: Int = 0
  ) -> GroupProfile {
    GroupProfile(
      headcount: headcount, language: language,
      needs: .init(wheelchairUsers: wheelchairUsers))
  }
}

extension Programme {
  var codes: Set<Violation.Code> { Set(violations.map(\.code)) }
}
