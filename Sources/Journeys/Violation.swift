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
    /// The date is in the past.
    public static let datePast = Code(rawValue: "date.past")
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
      fr: "\(date.weekday.french) \(date.day) \(monthsFR[date.month - 1]) \(date.year)",
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
}
