import Foundation

extension Violation.Code {
  /// A site of interest fits no day as well as the sites chosen.
  public static let assemblyNotSelected = Self(rawValue: "assembly.not_selected")
  /// The group asked not to visit the site.
  public static let assemblyExcluded = Self(rawValue: "assembly.excluded")
  /// The lunch venue cannot seat the group within its lunch window that day.
  public static let assemblyNoLunch = Self(rawValue: "assembly.no_lunch")
  /// A day of the stay has no programme (a note).
  public static let assemblyDayUnplanned = Self(rawValue: "assembly.day_unplanned")
  /// A stop of the programme has no confirmed step-free access, and the group has wheelchair
  /// users: a note, not a refusal, since the catalogue does not know.
  public static let assemblyAccessUnconfirmed = Self(rawValue: "assembly.access_unconfirmed")
}

/// The assembler's own explanations, in the words of `Messages`.
enum AssemblyMessages {
  static func notSelected(_ site: Site, interest: Double) -> Violation {
    let score = String(format: "%.1f", interest)
    return Violation(
      code: .assemblyNotSelected, site: site.id,
      message: .init(
        fr:
          "\(site.name) (intérêt \(score)) ne tient pas dans les journées aussi bien que les sites retenus.",
        en: "\(site.name) (interest \(score)) does not fit in the days as well as the sites chosen."
      ))
  }

  static func fitsNoDay(_ site: Site, day: (start: LocalTime, end: LocalTime), lunch: Bool)
    -> Violation
  {
    let minutes = site.visitMinutes
    return Violation(
      code: .assemblyNotSelected, site: site.id,
      message: lunch
        ? .init(
          fr:
            "\(site.name) ne tient dans aucune journée de \(day.start) à \(day.end) avec le déjeuner : sa visite de \(minutes) minutes, les trajets et le déjeuner demandent plus de temps, ou ses horaires ne s'y prêtent pas.",
          en:
            "\(site.name) fits in no day from \(day.start) to \(day.end) with lunch: its \(minutes)-minute visit, the travel and lunch take longer, or its opening hours do not allow it."
        )
        : .init(
          fr:
            "\(site.name) ne tient dans aucune journée de \(day.start) à \(day.end) : sa visite de \(minutes) minutes et les trajets demandent plus de temps, ou ses horaires ne s'y prêtent pas.",
          en:
            "\(site.name) fits in no day from \(day.start) to \(day.end): its \(minutes)-minute visit and the travel take longer, or its opening hours do not allow it."
        ))
  }

  static func includedDoesNotFit(_ site: Site) -> Violation {
    Violation(
      code: .assemblyNotSelected, site: site.id,
      message: .init(
        fr:
          "Le site demandé \(site.name) ne tient dans aucune des journées avec les trajets, le déjeuner et ses horaires.",
        en:
          "\(site.name), asked for, fits in none of the days with the travel, lunch and its opening hours."
      ))
  }

  /// A day without lunch, and why its venues could not serve it (closed, full, not open in
  /// the lunch window).
  static func noLunch(date: LocalDate, because reasons: [Violation]) -> Violation {
    let day = Wording.date(date)
    let why = (
      fr: reasons.map { $0.message.fr }.joined(separator: " "),
      en: reasons.map { $0.message.en }.joined(separator: " ")
    )
    return Violation(
      code: .assemblyNoLunch, date: date,
      message: .init(
        fr: "Pas de déjeuner le \(day.fr) : \(why.fr)", en: "No lunch on \(day.en): \(why.en)"))
  }

  /// A day that held no visit with lunch at `venue`, planned without lunch rather than left
  /// empty.
  static func lunchGivenUp(_ venue: Site, date: LocalDate) -> Violation {
    Violation(
      code: .assemblyNoLunch, site: venue.id, date: date,
      message: .init(
        fr:
          "aucune visite ne tient avec un déjeuner à \(venue.name) dans la plage prévue ; la journée se fait sans, prévoyez de déjeuner en route.",
        en:
          "no visit fits with lunch at \(venue.name) within the lunch window; the day goes without, plan to eat on the way."
      ))
  }

  static func lunchCrowdedOut(date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .assemblyNoLunch, date: date,
      message: .init(
        fr:
          "Le \(day.fr), les sites demandés ne laissent pas le temps de déjeuner dans la plage prévue.",
        en: "On \(day.en), the sites asked for leave no time for lunch within the lunch window."))
  }

  static func excluded(_ site: Site) -> Violation {
    Violation(
      code: .assemblyExcluded, site: site.id,
      message: .init(
        fr: "Vous avez exclu \(site.name).", en: "\(site.name) is excluded as you asked.")
    )
  }

  static func venueExcluded(_ venue: Site, date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .assemblyExcluded, site: venue.id, date: date,
      message: .init(
        fr: "Le \(day.fr), pas de déjeuner à \(venue.name) : exclu à votre demande.",
        en: "On \(day.en), no lunch at \(venue.name): excluded as you asked."))
  }

  static func noLunch(_ venue: Site, date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .assemblyNoLunch, site: venue.id, date: date,
      message: .init(
        fr: "\(venue.name) ne peut pas servir le déjeuner dans la plage prévue le \(day.fr).",
        en: "\(venue.name) cannot serve lunch within the lunch window on \(day.en)."))
  }

  static func noLunchTime(
    date: LocalDate, day: (start: LocalTime, end: LocalTime), lunch: Journey.DayWindow,
    minutes: Int
  ) -> Violation {
    let when = Wording.date(date)
    return Violation(
      code: .assemblyNoLunch, date: date,
      message: .init(
        fr:
          "Le \(when.fr), la journée de \(day.start) à \(day.end) ne laisse pas \(minutes) minutes pour déjeuner en commençant entre \(lunch.start) et \(lunch.end).",
        en:
          "On \(when.en), the day from \(day.start) to \(day.end) leaves no \(minutes) minutes for lunch starting between \(lunch.start) and \(lunch.end)."
      ))
  }

  static func dayUnplanned(date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .assemblyDayUnplanned, date: date,
      message: .init(
        fr:
          "Le \(day.fr) reste sans programme : les sites d'intérêt ouverts ce jour-là sont visités un autre jour ou ne peuvent pas recevoir le groupe (voir les sites écartés).",
        en:
          "\(day.en) has no programme: the sites of interest open that day are visited on another day or cannot take the group (see those left out)."
      ))
  }

  static func accessUnconfirmed(_ site: Site, date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .assemblyAccessUnconfirmed, site: site.id, date: date,
      message: .init(
        fr:
          "L'accès de plain-pied à \(site.name) n'est pas confirmé : vérifiez-le avec le site avant la visite du \(day.fr).",
        en:
          "Step-free access at \(site.name) is not confirmed: check with the site before the visit on \(day.en)."
      ))
  }

  static func noGuide(_ site: Site, language: Language, date: LocalDate) -> Violation {
    let day = Wording.date(date)
    let spoken = Wording.languages([language])
    return Violation(
      code: .guideNoneAvailable, site: site.id, date: date,
      message: .init(
        fr:
          "Aucun guide habilité pour \(site.name) et parlant \(spoken.fr) n'est disponible le \(day.fr).",
        en:
          "No guide certified for \(site.name) and speaking \(spoken.en) is available on \(day.en)."
      )
    )
  }
}
