import Foundation

/// A civil date with no time zone: the day a group visits, as people write it.
public struct LocalDate: Hashable, Comparable, Sendable, TextValue, Strideable {
  public let year: Int
  public let month: Int
  public let day: Int
  /// Days since 1970-01-01 (proleptic Gregorian), the basis of date arithmetic: kept rather
  /// than computed, since every comparison and every ledger lookup by day needs it.
  public let dayNumber: Int

  /// Creates a date, refusing days that do not exist (30 February).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
    dayNumber = Self.dayNumber(year: year, month: month, day: day)
  }

  /// Parses `YYYY-MM-DD`.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses the text form, for `TextValue`'s coding.
  public init?(text: String) { self.init(text) }

  public static let textFormat = "a date YYYY-MM-DD"

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  /// Howard Hinnant's days_from_civil.
  static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The date `dayNumber` days after 1970-01-01.
  public init(dayNumber z0: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
    dayNumber = z0
  }

  /// The day of the week.
  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
    return Weekday.allCases[index]
  }

  /// This date's month and day, for rules that recur every year.
  public var monthDay: MonthDay { MonthDay(month: month, day: day) }

  public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

  public func distance(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

  public func advanced(by n: Int) -> LocalDate { adding(days: n) }

  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }
}

/// A day of the week, Monday first as in France.
public enum Weekday: String, CaseIterable, Sendable, Codable, Hashable {
  case monday = "mon"
  case tuesday = "tue"
  case wednesday = "wed"
  case thursday = "thu"
  case friday = "fri"
  case saturday = "sat"
  case sunday = "sun"

  /// The French name, lowercase as French writes it.
  public var french: String {
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"][index]
  }

  /// The English name.
  public var english: String {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][index]
  }

  var index: Int { ordinal }

  /// 0 for Monday … 6 for Sunday.
  public var ordinal: Int { Weekday.allCases.firstIndex(of: self)! }
}

/// A month and day that recur every year (`12-25`), for annual closures and seasons.
public struct MonthDay: Hashable, Comparable, Sendable, TextValue {
  public let month: Int
  public let day: Int

  public init(month: Int, day: Int) {
    self.month = month
    self.day = day
  }

  /// Parses `MM-DD`; 02-29 is accepted.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m),
      d >= 1, d <= LocalDate.daysIn(month: m, year: 2024)
    else { return nil }
    self.init(month: m, day: d)
  }

  /// Parses the text form, for `TextValue`'s coding.
  public init?(text: String) { self.init(text) }

  public static let textFormat = "a month-day MM-DD"

  public var description: String {
    (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
  }

  public static func < (lhs: MonthDay, rhs: MonthDay) -> Bool {
    (lhs.month, lhs.day) < (rhs.month, rhs.day)
  }
}

/// An inclusive range of month-days that may wrap the year end (`11-15` to `02-28`).
public struct AnnualPeriod: Hashable, Sendable, Codable {
  public var from: MonthDay
  public var to: MonthDay

  public init(from: MonthDay, to: MonthDay) {
    self.from = from
    self.to = to
  }

  /// Whether `date` falls in the period in its own year.
  public func contains(_ date: LocalDate) -> Bool {
    let md = date.monthDay
    return from <= to ? (from <= md && md <= to) : (md >= from || md <= to)
  }
}
