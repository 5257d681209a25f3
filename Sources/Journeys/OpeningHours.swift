/// When a site receives groups: a weekly pattern, seasonal variants, recurring and one-off
/// closures, and what it does on French public holidays.
public struct OpeningHours: Hashable, Sendable, Codable {
  /// A week of opening intervals; a day with no interval is closed.
  public typealias Week = [Weekday: [LocalTimeRange]]

  /// Whether two of a day's `ranges` overlap: a day's hours are separate spans, in order.
  public static func overlap(_ ranges: [LocalTimeRange]) -> Bool {
    let sorted = ranges.sorted { $0.start < $1.start }
    return zip(sorted, sorted.dropFirst()).contains { $0.end > $1.start }
  }

  /// A seasonal week that replaces the default one between two month-days.
  public struct Season: Hashable, Sendable, Codable {
    public var name: String
    public var period: AnnualPeriod
    public var week: Week

    public init(name: String, period: AnnualPeriod, week: Week) {
      self.name = name
      self.period = period
      self.week = week
    }
  }

  /// A closure that comes back every year (Christmas, an annual maintenance month).
  public struct AnnualClosure: Hashable, Sendable, Codable {
    public var period: AnnualPeriod
    /// Why, in the catalogue's words (French).
    public var reason: String?
    /// Why, for English readers; the French reason when nil.
    public var reasonInEnglish: String?

    public init(period: AnnualPeriod, reason: String? = nil, reasonInEnglish: String? = nil) {
      self.period = period
      self.reason = reason
      self.reasonInEnglish = reasonInEnglish
    }
  }

  /// A one-off closure on a given date.
  public struct Closure: Hashable, Sendable, Codable {
    public var date: LocalDate
    /// Why, in the catalogue's words (French).
    public var reason: String?
    /// Why, for English readers; the French reason when nil.
    public var reasonInEnglish: String?

    public init(date: LocalDate, reason: String? = nil, reasonInEnglish: String? = nil) {
      self.date = date
      self.reason = reason
      self.reasonInEnglish = reasonInEnglish
    }
  }

  /// A closure's reason in both languages, the French one standing in for a missing English.
  static func said(_ reason: String?, english: String?) -> LocalizedText? {
    reason.map { LocalizedText(fr: $0, en: english ?? $0) }
  }

  /// What the site does on a French public holiday.
  public enum HolidayPolicy: String, Hashable, Sendable, Codable {
    case open
    case closed
  }

  public var week: Week
  public var seasons: [Season]
  public var annualClosures: [AnnualClosure]
  public var closures: [Closure]
  public var publicHolidays: HolidayPolicy

  public init(
    week: Week, seasons: [Season] = [], annualClosures: [AnnualClosure] = [],
    closures: [Closure] = [], publicHolidays: HolidayPolicy = .closed
  ) {
    self.week = week
    self.seasons = seasons
    self.annualClosures = annualClosures
    self.closures = closures
    self.publicHolidays = publicHolidays
  }

  /// Open every day within `range`.
  public static func everyDay(_ range: LocalTimeRange) -> OpeningHours {
    OpeningHours(week: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [range]) }))
  }

  /// Why a site is shut on a whole day.
  public enum ClosedReason: Hashable, Sendable {
    case weekly(Weekday)
    case annual(LocalizedText?)
    case oneOff(LocalizedText?)
    case publicHoliday(LocalizedText)
  }

  /// The opening intervals of `date`, or why there are none.
  public func day(_ date: LocalDate) -> Result<[LocalTimeRange], DayClosed> {
    if let closure = closures.first(where: { $0.date == date }) {
      return .failure(
        DayClosed(reason: .oneOff(Self.said(closure.reason, english: closure.reasonInEnglish))))
    }
    if let closure = annualClosures.first(where: { $0.period.contains(date) }) {
      return .failure(
        DayClosed(reason: .annual(Self.said(closure.reason, english: closure.reasonInEnglish))))
    }
    if publicHolidays == .closed, let holiday = FrenchHolidays.holiday(on: date) {
      return .failure(DayClosed(reason: .publicHoliday(holiday.name)))
    }
    let applicable = seasons.first { $0.period.contains(date) }?.week ?? week
    let ranges = (applicable[date.weekday] ?? []).sorted { $0.start < $1.start }
    guard !ranges.isEmpty else { return .failure(DayClosed(reason: .weekly(date.weekday))) }
    return .success(ranges)
  }

  /// The whole-day closure found by `day(_:)`.
  public struct DayClosed: Error, Hashable, Sendable {
    public let reason: ClosedReason
  }
}
