/// A civil time of day, to the minute, as written on a programme (`09:30`).
///
/// `24:00` is accepted as the end of a day so that an interval can close at midnight.
public struct LocalTime: Hashable, Comparable, Sendable, TextValue {
  /// Minutes since midnight, 0...1440.
  public let minutes: Int

  public init?(hour: Int, minute: Int) {
    guard (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1440 else {
      return nil
    }
    self.minutes = hour * 60 + minute
  }

  public init?(minutes: Int) {
    guard (0...1440).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// Parses `HH:MM` (or `H:MM`).
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      let h = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(hour: h, minute: m)
  }

  /// Parses the text form, for `TextValue`'s coding.
  public init?(text: String) { self.init(text) }

  public static let textFormat = "a time HH:MM"

  public var hour: Int { minutes / 60 }
  public var minute: Int { minutes % 60 }

  /// `HH:MM`.
  public var description: String {
    (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
  }

  public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// A half-open civil interval within one day, `[start, end)`, such as opening hours `10:00-18:00`.
public struct LocalTimeRange: Hashable, Sendable, TextValue {
  public let start: LocalTime
  public let end: LocalTime

  /// Creates a range; the end must come after the start.
  public init?(start: LocalTime, end: LocalTime) {
    guard start < end else { return nil }
    self.start = start
    self.end = end
  }

  /// Parses `HH:MM-HH:MM`.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-")
    guard parts.count == 2,
      let s = LocalTime(parts[0].trimmingSpaces), let e = LocalTime(parts[1].trimmingSpaces)
    else { return nil }
    self.init(start: s, end: e)
  }

  /// Parses the text form, for `TextValue`'s coding.
  public init?(text: String) { self.init(text) }

  /// The two times of `text` when it is well written but backwards (`18:00-10:00`), so that
  /// it can be said as such rather than as a format error; nil otherwise.
  public static func backwards(_ text: some StringProtocol) -> (start: LocalTime, end: LocalTime)? {
    let parts = text.split(separator: "-")
    guard parts.count == 2, let start = LocalTime(parts[0].trimmingSpaces),
      let end = LocalTime(parts[1].trimmingSpaces), end <= start
    else { return nil }
    return (start, end)
  }

  public static let textFormat = "a time range HH:MM-HH:MM"

  public var description: String { "\(start)-\(end)" }
}

extension StringProtocol {
  var trimmingSpaces: Substring {
    let s = self[...]
    let start = s.firstIndex(where: { $0 != " " }) ?? s.endIndex
    let end = s.lastIndex(where: { $0 != " " }).map { s.index(after: $0) } ?? start
    return Substring(s[start..<end])
  }
}
