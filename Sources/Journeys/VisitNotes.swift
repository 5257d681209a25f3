import Foundation

extension Violation.Code {
  /// A guided visit has no guide yet (every guide who could lead it became unavailable after
  /// the booking was made): a note, not a refusal, while the office finds one.
  public static let guideToBeFound = Self(rawValue: "guide.to_be_found")
}

/// What a group should know of a visit that does not stop it from taking place: notes, shown
/// with the visit wherever a programme is (availability, a booking, an assembled day).
public enum VisitNotes {
  /// The notes of `visit` at `site` for a group with `needs`: step-free access the catalogue
  /// cannot confirm when the group has wheelchair users (sites known not to be step-free are
  /// refused, not noted), and a guided visit still without its guide.
  public static func notes(
    for visit: Visit, site: Site?, needs: AccessibilityNeeds, civil: CivilTime = .paris
  ) -> [Violation] {
    let date = civil.civil(visit.start).date
    var notes: [Violation] = []
    if needs.wheelchairUsers > 0, let site, site.accessibility.stepFree == nil {
      notes.append(AssemblyMessages.accessUnconfirmed(site, date: date))
    }
    if visit.guided, visit.guide == nil {
      let name = site?.name ?? visit.site.rawValue
      let (day, at) = (Wording.date(date), Wording.time(visit.start, civil))
      notes.append(
        Violation(
          code: .guideToBeFound, site: visit.site, date: date, start: visit.start, end: visit.end,
          message: .init(
            fr:
              "La visite de \(name) le \(day.fr) à \(at) n'a pas encore de guide : l'office en cherche un et vous tiendra informé.",
            en:
              "The visit to \(name) on \(day.en) at \(at) has no guide yet: the office is finding one and will let you know."
          )))
    }
    return notes
  }
}
