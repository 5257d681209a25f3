import Foundation

/// The violations the rules raise, worded as a booking officer would say them.
enum Messages {
  static func unknownSite(_ site: Site.ID, journey: Journey.ID) -> Violation {
    Violation(
      code: .siteUnknown, site: site, journey: journey,
      message: .init(
        fr: "Le parcours mentionne le site « \(site) », absent du catalogue publié.",
        en: "The journey names the site “\(site)”, which is not in the published catalogue."))
  }

  /// `tooSmall`: the journey's sites that cannot take the group either, named so that the
  /// delegation sees which visits a split group would be for.
  static func groupSize(_ journey: Journey, headcount: Int, tooSmall: [Site] = []) -> Violation {
    let range = journey.groupSize
    let sites = tooSmall.map { ($0.name, $0.capacity.maxGroupSize) }
    let fr = sites.map { "\($0.0) : \($0.1) au plus" }.joined(separator: ", ")
    let en = sites.map { "\($0.0): at most \($0.1)" }.joined(separator: ", ")
    return Violation(
      code: .journeyGroupSize, journey: journey.id,
      message: .init(
        fr:
          "Ce parcours accueille des groupes de \(range.lowerBound) à \(range.upperBound) personnes ; le vôtre en compte \(headcount)"
          + (sites.isEmpty ? "." : " (\(fr))."),
        en:
          "This journey takes groups of \(range.lowerBound) to \(range.upperBound) people; yours has \(headcount)"
          + (sites.isEmpty ? "." : " (\(en)).")
      ))
  }

  static func journeyLanguage(_ journey: Journey, language: Language) -> Violation {
    let (asked, offered) = (Wording.languages([language]), Wording.languages(journey.languages))
    return Violation(
      code: .journeyLanguage, journey: journey.id,
      message: .init(
        fr: "Ce parcours n'est pas proposé en \(asked.fr) (langues : \(offered.fr)).",
        en: "This journey is not offered in \(asked.en) (languages: \(offered.en))."))
  }

  static func pastDate(_ date: LocalDate) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .datePast, date: date,
      message: .init(
        fr: "Le \(day.fr) est déjà passé.", en: "\(day.en) is already in the past."))
  }

  static func groupTooLarge(_ site: Site, headcount: Int, date: LocalDate) -> Violation {
    let max = site.capacity.maxGroupSize
    return Violation(
      code: .siteGroupTooLarge, site: site.id, date: date,
      message: .init(
        fr:
          "\(site.name) reçoit des groupes de \(max) personnes au plus ; le vôtre en compte \(headcount).",
        en: "\(site.name) takes groups of at most \(max) people; yours has \(headcount)."))
  }

  static func siteLanguage(_ site: Site, language: Language, date: LocalDate) -> Violation {
    let (asked, offered) = (Wording.languages([language]), Wording.languages(site.languages))
    return Violation(
      code: .siteLanguage, site: site.id, date: date,
      message: .init(
        fr: "On ne peut pas présenter \(site.name) en \(asked.fr) (langues : \(offered.fr)).",
        en: "\(site.name) cannot be presented in \(asked.en) (languages: \(offered.en))."))
  }

  static func notStepFree(_ site: Site, date: LocalDate) -> Violation {
    Violation(
      code: .siteAccessibility, site: site.id, date: date,
      message: .init(
        fr: "\(site.name) n'est pas accessible en fauteuil roulant.",
        en: "\(site.name) is not accessible to wheelchair users."))
  }

  static func dailyLimit(_ site: Site, date: LocalDate) -> Violation {
    let day = Wording.date(date)
    let max = site.capacity.groupsPerDay
    return Violation(
      code: .siteDailyLimit, site: site.id, date: date,
      message: max == 1
        ? .init(
          fr: "\(site.name) a déjà reçu son groupe du \(day.fr) (un seul par jour).",
          en: "\(site.name) already has its group on \(day.en) (one a day).")
        : .init(
          fr: "\(site.name) a déjà reçu ses \(max) groupes du \(day.fr).",
          en: "\(site.name) already has its \(max) groups on \(day.en)."))
  }

  static func closedAllDay(_ site: Site, date: LocalDate, reason: OpeningHours.ClosedReason)
    -> Violation
  {
    let day = Wording.date(date)
    let text: LocalizedText
    switch reason {
    case .weekly(let weekday):
      text = .init(
        fr: "\(site.name) ferme le \(weekday.french) (\(day.fr)).",
        en: "\(site.name) is closed on \(weekday.english)s (\(day.en)).")
    case .annual(let why), .oneOff(let why):
      let because = (fr: why.map { " (\($0.fr))" } ?? "", en: why.map { " (\($0.en))" } ?? "")
      text = .init(
        fr: "\(site.name) ferme le \(day.fr)\(because.fr).",
        en: "\(site.name) is closed on \(day.en)\(because.en).")
    case .publicHoliday(let name):
      text = .init(
        fr: "\(site.name) ferme les jours fériés ; le \(day.fr) est un jour férié (\(name.fr)).",
        en: "\(site.name) is closed on public holidays: \(day.en) is \(name.en).")
    }
    return Violation(code: .siteClosed, site: site.id, date: date, message: text)
  }

  static func closedDuringVisit(
    _ site: Site, date: LocalDate, ranges: [LocalTimeRange], arrival: Date, minutes: Int,
    civil: CivilTime
  ) -> Violation {
    let day = Wording.date(date)
    let hours = Wording.ranges(ranges)
    let at = Wording.time(arrival, civil)
    return Violation(
      code: .siteClosed, site: site.id, date: date, start: arrival,
      end: arrival.addingTimeInterval(Double(minutes * 60)),
      message: .init(
        fr:
          "\(site.name) ouvre le \(day.fr) \(hours.fr) : une visite de \(minutes) minutes à partir de \(at) n'y tient pas.",
        en:
          "\(site.name) is open on \(day.en) \(hours.en): a \(minutes)-minute visit from \(at) does not fit."
      ))
  }

  /// From `from` until the site closes, no `minutes`-long stretch has room for the group.
  static func siteFull(_ site: Site, date: LocalDate, from: Date, minutes: Int, civil: CivilTime)
    -> Violation
  {
    let day = Wording.date(date)
    let at = Wording.time(from, civil)
    let max = site.capacity.simultaneousGroups
    return Violation(
      code: .siteCapacity, site: site.id, date: date, start: from,
      message: .init(
        fr:
          "\(site.name) n'a plus de place pour vos \(minutes) minutes de visite le \(day.fr) entre \(at) et sa fermeture : d'autres groupes y occupent ses \(max) place(s) à la fois.",
        en:
          "\(site.name) has no room for your \(minutes)-minute visit on \(day.en) between \(at) and its closing: other groups take its \(max) place(s) at a time."
      ))
  }

  /// Confirmed groups already fill the site at the time of a visit held earlier (its capacity
  /// was reduced since).
  static func fullAtOnce(_ site: Site, date: LocalDate, at start: Date, civil: CivilTime)
    -> Violation
  {
    let (day, at) = (Wording.date(date), Wording.time(start, civil))
    let max = site.capacity.simultaneousGroups
    return Violation(
      code: .siteCapacity, site: site.id, date: date, start: start,
      message: .init(
        fr:
          "\(site.name) reçoit désormais \(max) groupe(s) à la fois, et des groupes confirmés l'occupent déjà le \(day.fr) à \(at).",
        en:
          "\(site.name) now takes \(max) group(s) at a time, and confirmed groups already fill it on \(day.en) at \(at)."
      ))
  }

  static func heldUp(_ site: Site, date: LocalDate, from: Date, until: Date, civil: CivilTime)
    -> Violation
  {
    let day = Wording.date(date)
    let (at, later) = (Wording.time(from, civil), Wording.time(until, civil))
    let max = site.capacity.simultaneousGroups
    return Violation(
      code: .siteCapacity, site: site.id, date: date, start: from,
      message: .init(
        fr:
          "\(site.name) accueille déjà \(max) groupe(s) à la fois le \(day.fr) à \(at) : votre visite ne pourrait commencer qu'à \(later), ce qui retarde la suite de la journée.",
        en:
          "\(site.name) already hosts \(max) group(s) at a time on \(day.en) at \(at): your visit could only start at \(later), which delays the rest of the day."
      ))
  }

  static func dayWindow(_ journey: Journey, date: LocalDate, end: Date, civil: CivilTime)
    -> Violation
  {
    let finish = Wording.time(end, civil)
    return Violation(
      code: .journeyDayWindow, journey: journey.id, date: date, end: end,
      message: .init(
        fr:
          "Le programme finirait à \(finish), après la fin de journée prévue (\(journey.day.end)).",
        en:
          "The programme would end at \(finish), after the planned end of day (\(journey.day.end))."
      ))
  }

  static func noGuide(
    _ visit: Visit, siteName: String, language: Language, date: LocalDate,
    refusals: [GuideSelection.Refusal], civil: CivilTime
  ) -> Violation {
    let day = Wording.date(date)
    let from = Wording.time(visit.start, civil)
    let to = Wording.time(visit.end, civil)
    let why = Wording.guideRefusals(refusals, language: language)
    let spoken = Wording.languages([language])
    return Violation(
      code: .guideNoneAvailable, site: visit.site, date: date, start: visit.start, end: visit.end,
      message: .init(
        fr:
          "Aucun guide parlant \(spoken.fr) et habilité pour \(siteName) n'est libre le \(day.fr) de \(from) à \(to) (\(why.fr)).",
        en:
          "No guide speaking \(spoken.en) and certified for \(siteName) is free on \(day.en) from \(from) to \(to) (\(why.en))."
      ))
  }

  static func notice(_ site: Site, date: LocalDate, days: Int) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .siteNotice, site: site.id, date: date,
      message: .init(
        fr:
          "Il faut réserver \(site.name) au moins \(days) jours à l'avance ; le \(day.fr) est trop proche.",
        en: "\(site.name) must be booked at least \(days) days ahead; \(day.en) is too soon."))
  }

  static func horizon(_ site: Site, date: LocalDate, days: Int) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .siteHorizon, site: site.id, date: date,
      message: .init(
        fr:
          "\(site.name) ne prend pas de réservation plus de \(days) jours à l'avance ; le \(day.fr) est trop loin.",
        en: "\(site.name) takes bookings at most \(days) days ahead; \(day.en) is too far."))
  }

  static func afterSunset(
    _ site: Site, date: LocalDate, sunset: Date, arrival: Date, minutes: Int, civil: CivilTime
  ) -> Violation {
    let day = Wording.date(date)
    let at = Wording.time(arrival, civil)
    let dusk = Wording.time(sunset, civil)
    return Violation(
      code: .siteAfterSunset, site: site.id, date: date, start: arrival, end: sunset,
      message: .init(
        fr:
          "\(site.name) se visite de jour : le soleil se couche à \(dusk) le \(day.fr), une visite de \(minutes) minutes à partir de \(at) finirait trop tard.",
        en:
          "\(site.name) is visited in daylight: the sun sets at \(dusk) on \(day.en), so a \(minutes)-minute visit from \(at) would end too late."
      ))
  }

  static func lunchWindow(
    _ journey: Journey, date: LocalDate, start: Date, window: Journey.DayWindow, civil: CivilTime
  ) -> Violation {
    let at = Wording.time(start, civil)
    return Violation(
      code: .journeyLunchWindow, journey: journey.id, date: date, start: start,
      message: .init(
        fr:
          "Le déjeuner commencerait à \(at), hors de la plage prévue (\(window.start)–\(window.end)).",
        en:
          "Lunch would start at \(at), outside the planned window (\(window.start)–\(window.end)).")
    )
  }

  /// Why an optional stop that could take place was left out: the reasons that follow it are
  /// those of the day with it.
  static func optionalLeftOut(_ name: String, site: Site.ID, date: LocalDate) -> Violation {
    Violation(
      code: .journeyDayWindow, site: site, date: date,
      message: .init(
        fr: "Étape laissée de côté pour que le reste de la journée tienne : \(name) ; avec elle :",
        en: "\(name) is left out so that the rest of the day holds; with it:"))
  }

  /// Why an optional stop is not in a day refused even without it.
  static func optionalSetAside(_ name: String, site: Site.ID, date: LocalDate) -> Violation {
    Violation(
      code: .journeyDayWindow, site: site, date: date,
      message: .init(
        fr: "Étape facultative mise de côté : \(name) ; la journée ne tient pas, même sans elle.",
        en: "Optional stop set aside: \(name); the day does not hold even without it."))
  }

  static func nonexistentTime(date: LocalDate, time: LocalTime) -> Violation {
    let day = Wording.date(date)
    return Violation(
      code: .timeNonexistent, date: date,
      message: .init(
        fr:
          "\(time) n'existe pas le \(day.fr) : les horloges passent de 02:00 à 03:00 (heure d'été).",
        en:
          "\(time) does not exist on \(day.en): clocks jump from 02:00 to 03:00 (summer time)."))
  }
}
