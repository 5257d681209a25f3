import Foundation
import Journeys

/// A delegation's day in the basin, for the calendar feed and manifest tests: a guided visit of
/// the Base 11/19 with Camille, lunch, a guided climb of the twin slag heaps with Mathieu.
enum FeedFixtures {
  static let organisationID: Organisation.ID = "grenoble"

  /// A name with a comma, a semicolon and quotes, which both formats must escape.
  static let organisation = Organisation(
    id: organisationID, name: "Ville de Grenoble, service \"Transition; climat\"")

  static let contact = Contact(
    name: "Claire Martin", email: "claire@example.org", phone: "+33 6 12 34 56 78")

  static let base: Site = {
    var site = Basin.base
    site.address = "Rue de Bourgogne"
    site.summary = .init(fr: "Ancien carreau de fosse.", en: "A former pithead.")
    return site
  }()

  static let reference = ReferenceData(
    catalogue: Catalogue(
      sites: [base, Basin.terrils, Basin.louvre],
      journeys: [Basin.journey([Basin.stop(Basin.baseID, 90), Basin.stop(Basin.terrilsID, 90)])]),
    guides: Basin.guides, organisations: [organisation])

  static let created = paris("2026-05-04", "08:00")

  /// The three visits of the day: 09:00, lunch at 12:00, 14:00.
  static func visits(on day: String = "2026-06-10") -> [Visit] {
    [
      Visit(
        site: Basin.baseID, kind: .visit, start: paris(day, "09:00"), end: paris(day, "10:30"),
        guided: true, guide: Basin.camille.id,
        activity: .init(fr: "Visite de la base", en: "Tour of the base")),
      Visit(
        site: Basin.baseID, kind: .lunch, start: paris(day, "12:00"), end: paris(day, "13:00"),
        guided: false),
      Visit(
        site: Basin.terrilsID, kind: .visit, start: paris(day, "14:00"),
        end: paris(day, "15:30"), guided: true, guide: Basin.mathieu.id,
        activity: .init(fr: "Montée des terrils", en: "Climb of the slag heaps")),
    ]
  }

  static func booking(
    _ id: Booking.ID = "bk-1", state: Booking.State = .confirmed(at: created),
    on day: String = "2026-06-10", visits: [Visit]? = nil, language: Language = "fr",
    wheelchairUsers: Int = 0, headcount: Int = 24
  ) -> Booking {
    Booking(
      id: id, journey: "loos-ville-pilote", journeyVersion: 1, date: date(day),
      group: Group(
        organisation: organisationID, contact: contact, headcount: headcount,
        language: language, needs: .init(wheelchairUsers: wheelchairUsers)),
      state: state, visits: visits ?? self.visits(on: day), createdAt: created)
  }

  /// After the booking was made, before its date.
  static let now = paris("2026-05-20", "12:00")
}
