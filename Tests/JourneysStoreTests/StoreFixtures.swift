import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

/// The repository root: this file is `Tests/JourneysStoreTests/StoreFixtures.swift`.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let cataloguePath = repositoryRoot.appendingPathComponent("itineraries").path
let demoPath = repositoryRoot.appendingPathComponent("config/demo.yaml").path

/// Opens a SQLite store on a new file, runs `body`, and closes the store whether `body` succeeds
/// or throws (an unclosed SQLiteNIO connection would be reported at exit).
func withSQLiteStore(
  migrate: Bool = true, _ body: (SQLiteBookingStore, TemporaryDirectory) async throws -> Void
) async throws {
  let directory = try TemporaryDirectory()
  defer { directory.remove() }
  let store = try await SQLiteBookingStore.open(
    path: directory.path("journeys.sqlite"), migrate: migrate)
  try await using(store) { try await body($0, directory) }
}

/// Opens the SQLite store at `path`, runs `body`, and closes it in both paths.
func withSQLiteStore(
  at path: String, _ body: (SQLiteBookingStore) async throws -> Void
) async throws {
  try await using(try await SQLiteBookingStore.open(path: path), body)
}

/// A clock that always says the same time.
struct FixedClock: WallClock {
  let instant: Date
  func now() -> Date { instant }
}

enum Small {
  static let baseID: Site.ID = "loos-base-11-19"
  static let journeyID: Journey.ID = "visite-base"

  /// Monday 4 May 2026, 08:00 in Paris.
  static let now = instant("2026-05-04", "08:00")

  static func instant(_ day: String, _ hhmm: String) -> Date {
    try! CivilTime.paris.instant(on: LocalDate(day)!, at: LocalTime(hhmm)!)
  }

  static func site(capacity: Site.Capacity) -> Site {
    Site(
      id: baseID, name: "Base 11/19", commune: "Loos-en-Gohelle",
      location: .init(latitude: 50.4578, longitude: 2.7925, precision: .surveyed),
      themes: [.heritage, .energy], visitMinutes: 60, guided: false, languages: ["fr", "en"],
      capacity: capacity, openingHours: .everyDay(LocalTimeRange("09:00-18:00")!),
      accessibility: .init(stepFree: true), summary: .init(fr: "Ancien carreau", en: "Former pit"))
  }

  static func journey(version: Int = 1, minutes: Int = 60) -> Journey {
    Journey(
      id: journeyID, version: version, title: .init(fr: "La base", en: "The base"),
      description: .init(fr: "Une visite", en: "A visit"), themes: [.heritage],
      languages: ["fr", "en"], groupSize: 1...40,
      day: .init(start: LocalTime("09:00")!, end: LocalTime("18:00")!),
      stops: [.init(site: baseID, minutes: minutes, guided: false)])
  }

  /// One site, one journey of one unguided stop.
  static func catalogue(
    capacity: Site.Capacity = .init(maxGroupSize: 40, simultaneousGroups: 2, groupsPerDay: 6)
  ) -> Catalogue {
    Catalogue(sites: [site(capacity: capacity)], journeys: [journey()])
  }

  static let demo = Organisation(
    id: "demo", name: "Commune de démonstration", contact: .init(name: "Claire"))
  static let lille = Organisation(id: "lille", name: "Ville de Lille")

  static func group(_ organisation: Organisation.ID = "demo", headcount: Int = 20) -> Group {
    Group(
      organisation: organisation, contact: .init(name: "Claire", email: "claire@example.org"),
      headcount: headcount, language: "fr")
  }

  /// A booking of the journey: one visit of the base, 10:00–11:00 on `day`.
  static func booking(
    _ id: Booking.ID, on day: String = "2026-06-10", organisation: Organisation.ID = "demo",
    state: Booking.State = .confirmed(at: now), createdAt: Date = now
  ) -> Booking {
    Booking(
      id: id, journey: journeyID, journeyVersion: 1, date: LocalDate(day)!,
      group: group(organisation), state: state,
      visits: [
        Visit(
          site: baseID, kind: .visit, start: instant(day, "10:00"), end: instant(day, "11:00"),
          guided: false)
      ],
      createdAt: createdAt)
  }

  /// A booking of the journey whose one visit of the base, `from`–`to` on `day`, `guide` leads.
  static func guided(
    _ id: Booking.ID, on day: String = "2026-06-10", from: String = "10:00",
    to: String = "11:00", guide: Guide.ID = "guide-camille",
    state: Booking.State = .confirmed(at: now), accepted: Bool? = nil
  ) -> Booking {
    var booking = Small.booking(id, on: day, state: state)
    booking.visits = [
      Visit(
        site: baseID, kind: .visit, start: instant(day, from), end: instant(day, to),
        guided: true, guide: guide)
    ]
    booking.visits[0].accepted = accepted
    return booking
  }

  /// Publishes the small catalogue and registers both organisations.
  static func prepare(
    _ store: any BookingStore, catalogue: Catalogue = catalogue()
  ) async throws {
    _ = try await store.publish(catalogue, at: now)
    try await store.save(demo)
    try await store.save(lille)
  }

  static func insert(_ booking: Booking, into store: any BookingStore) async throws {
    _ = try await store.insertBooking(ledger: booking.date...booking.date, at: now) { _ in
      booking
    }
  }
}

extension StoreBackend: CustomTestStringConvertible {
  public var testDescription: String { name }
}
