import Foundation

/// Why something cannot be booked, in words a person understands.
///
/// The code is stable (clients branch on it); the entities and times say what is involved; the
/// message says it in French and English.
public struct Violation: Hashable, Sendable, Codable {
  /// A stable, dotted violation code such as `site.closed`.
  public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The site is not open for the whole visit on that local date.
    public static let siteClosed = Code(rawValue: "site.closed")
    /// The group is larger than the site's largest group per visit.
    public static let siteGroupTooLarge = Code(rawValue: "site.group_too_large")
    /// The site cannot receive the group's declared needs (a wheelchair user on a slag heap).
    public static let siteAccessibility = Code(rawValue: "site.accessibility")
    /// The site already hosts as many groups at once as it can.
    public static let siteCapacity = Code(rawValue: "site.capacity")
    /// The site already receives as many groups that day as it can.
    public static let siteDailyLimit = Code(rawValue: "site.daily_limit")
    /// The site cannot be presented in the group's language.
    public static let siteLanguage = Code(rawValue: "site.language")
    /// The journey's catalogue entry names a site the catalogue does not have.
    public static let siteUnknown = Code(rawValue: "site.unknown")
    /// The group size is outside the journey's range.
    public static let journeyGroupSize = Code(rawValue: "journey.group_size")
    /// The journey is not offered in the group's language.
    public static let journeyLanguage = Code(rawValue: "journey.language")
    /// The programme does not fit in the journey's day window.
    public static let journeyDayWindow = Code(rawValue: "journey.day_window")
    /// No guide speaking the language, certified and free can lead the visit.
    public static let guideNoneAvailable = Code(rawValue: "guide.none_available")
    /// The site needs more notice than the date leaves.
    public static let siteNotice = Code(rawValue: "site.notice")
    /// The date is further ahead than the site takes bookings.
    public static let siteHorizon = Code(rawValue: "site.horizon")
    /// An outdoor visit would end after sunset.
    public static let siteAfterSunset = Code(rawValue: "site.after_sunset")
    /// Lunch would fall outside the journey's lunch window.
    public static let journeyLunchWindow = Code(rawValue: "journey.lunch_window")
    /// A requested civil time does not exist that day (the spring-forward gap).
    public static let timeNonexistent = Code(rawValue: "time.nonexistent")
    /// The date is in the past.
    public static let datePast = Code(rawValue: "date.past")
    /// The journey held is no longer offered in the published catalogue.
    public static let journeyWithdrawn = Code(rawValue: "journey.withdrawn")

    /// Every code a booking refusal may carry, for the contract to document each one.
    public static let bookingCodes: [Code] = [
      .siteClosed, .siteGroupTooLarge, .siteAccessibility, .siteCapacity, .siteDailyLimit,
      .siteLanguage, .siteUnknown, .journeyGroupSize, .journeyLanguage, .journeyDayWindow,
      .guideNoneAvailable, .siteNotice, .siteHorizon, .siteAfterSunset, .journeyLunchWindow,
      .timeNonexistent, .datePast, .journeyWithdrawn,
    ]

    /// The problem type URI of the code (`/problems/violations/site.closed`), stable as the
    /// code itself and documented in the contract.
    public var typeURI: String { "/problems/violations/\(rawValue)" }
  }

  public var code: Code
  public var site: Site.ID?
  public var guide: Guide.ID?
  public var journey: Journey.ID?
  public var date: LocalDate?
  public var start: Date?
  public var end: Date?
  public var message: LocalizedText

  public init(
    code: Code, site: Site.ID? = nil, guide: Guide.ID? = nil, journey: Journey.ID? = nil,
    date: LocalDate? = nil, start: Date? = nil, end: Date? = nil, message: LocalizedText
  ) {
    self.code = code
    self.site = site
    self.guide = guide
    self.journey = journey
    self.date = date
    self.start = start
    self.end = end
    self.message = message
  }
}

/// Dates and times as a person reads them in French and English.
enum Wording {
  static let monthsFR = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
  ]
  static let monthsEN = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// `mardi 12 mai 2026` / `Tuesday 12 May 2026`.
  static func date(_ date: LocalDate) -> LocalizedText {
    LocalizedText(
      // French writes the first of the month as an ordinal: « samedi 1er mai ».
      fr:
        "\(date.weekday.french) \(date.day == 1 ? "1er" : "\(date.day)") \(monthsFR[date.month - 1]) \(date.year)",
      en: "\(date.weekday.english) \(date.day) \(monthsEN[date.month - 1]) \(date.year)")
  }

  /// `14:00` in Paris.
  static func time(_ instant: Date, _ civil: CivilTime = .paris) -> String {
    civil.civil(instant).time.description
  }

  static func ranges(_ ranges: [LocalTimeRange]) -> LocalizedText {
    let fr = ranges.map { "de \($0.start) à \($0.end)" }.joined(separator: " et ")
    let en = ranges.map { "from \($0.start) to \($0.end)" }.joined(separator: " and ")
    return LocalizedText(fr: fr, en: en)
  }

  /// Why the guides who speak the language could not lead a visit, counted.
  static func guideRefusals(_ refusals: [GuideSelection.Refusal], language: Language)
    -> LocalizedText
  {
    guard !refusals.isEmpty else {
      return .init(
        fr: "aucun guide actif ne parle cette langue",
        en: "no active guide speaks that language")
    }
    let words: [GuideSelection.Refusal: (fr: String, en: String)] = [
      .notCertified: ("non habilité(s) pour ce site", "not certified for this site"),
      .outsideAvailability: ("hors de ses disponibilités", "outside their working hours"),
      .absent: ("absent(s)", "away"),
      .busy: ("déjà pris", "already leading another visit"),
      .travel: ("sans le temps de trajet nécessaire", "without the travel time needed"),
      .rest: ("sans le repos minimal", "without the minimum rest"),
      .dayHours: ("au maximum d'heures du jour", "at their daily hour limit"),
      .weekHours: ("au maximum d'heures de la semaine", "at their weekly hour limit"),
    ]
    // Most frequent first; ties in a fixed order, so that the same refusal reads the same in
    // every process (dictionary order changes from one run to the next).
    let order: [GuideSelection.Refusal] = [
      .notCertified, .outsideAvailability, .absent, .busy, .travel, .rest, .dayHours, .weekHours,
    ]
    let counted = Dictionary(grouping: refusals, by: { $0 }).sorted {
      $0.value.count != $1.value.count
        ? $0.value.count > $1.value.count
        : order.firstIndex(of: $0.key)! < order.firstIndex(of: $1.key)!
    }
    let fr = counted.map { "\($0.value.count) \(words[$0.key]!.fr)" }.joined(separator: ", ")
    let en = counted.map { "\($0.value.count) \(words[$0.key]!.en)" }.joined(separator: ", ")
    let n = refusals.count
    let spoken = languages([language])
    return .init(
      fr: "\(n) guide(s) parlent \(spoken.fr) : \(fr)",
      en: "\(n) guide(s) speak \(spoken.en): \(en)")
  }
}

extension CivilTime {
  /// An instant as a person says it: `dimanche 6 décembre 2026 à 18:00` / `Sunday 6 December
  /// 2026 at 18:00`, and midnight as the end of the day before, which is what a deadline at
  /// midnight means to the reader.
  public func spoken(_ instant: Date) -> LocalizedText {
    let local = civil(instant)
    guard local.time.minutes != 0 else {
      let day = Wording.date(local.date.adding(days: -1))
      return .init(fr: "la fin du \(day.fr)", en: "the end of \(day.en)")
    }
    let day = Wording.date(local.date)
    return .init(fr: "\(day.fr) à \(local.time)", en: "\(day.en) at \(local.time)")
  }
}
