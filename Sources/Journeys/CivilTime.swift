import Foundation

/// Conversions between civil times in a time zone (Europe/Paris by default) and instants.
///
/// Instants are stored in UTC; people read civil times. Two civil times need care each year:
/// the spring-forward gap (02:00–03:00 does not exist) and the fall-back hour (02:00–03:00
/// happens twice). Both are handled explicitly here rather than left to `Calendar` defaults.
public struct CivilTime: Sendable {
  /// The zone whose civil times this converts.
  public var timeZone: TimeZone { offsets.timeZone }
  private let offsets: ZoneOffsets

  /// Europe/Paris, the zone of every site of the basin.
  public static let paris = CivilTime(timeZone: TimeZone(identifier: "Europe/Paris")!)

  public init(timeZone: TimeZone) { offsets = ZoneOffsets(timeZone) }

  /// How to read a civil time that happens twice (the fall-back hour).
  public enum Ambiguity: Sendable {
    /// The first occurrence, still on summer time.
    case earlier
    /// The second occurrence, already on winter time.
    case later
  }

  /// Why a civil time cannot be turned into an instant.
  public enum ConversionError: Error, Equatable, Sendable {
    /// The civil time falls in the spring-forward gap and never happens on that date.
    case nonexistent(LocalDate, LocalTime)
  }

  /// Every instant at which the clocks of this zone show `time` on `date`: none in the
  /// spring-forward gap, two in the fall-back hour, one otherwise; earliest first.
  public func instants(on date: LocalDate, at time: LocalTime) -> [Date] {
    let naive = Double(date.dayNumber * 86_400 + time.minutes * 60)
    // The offsets in force around that time: a transition never moves by more than a day.
    let probes = [naive - 86_400, naive + 86_400].map {
      offsets.seconds(at: Date(timeIntervalSince1970: $0))
    }
    let candidates = Set(probes).map { Date(timeIntervalSince1970: naive - Double($0)) }
    return
      candidates
      .filter { Double(offsets.seconds(at: $0)) == naive - $0.timeIntervalSince1970 }
      .sorted()
  }

  /// The instant at which clocks show `time` on `date`; throws for a time that does not exist.
  public func instant(
    on date: LocalDate, at time: LocalTime, ambiguity: Ambiguity = .earlier
  ) throws(ConversionError) -> Date {
    let found = instants(on: date, at: time)
    guard let first = found.first, let last = found.last else {
      throw .nonexistent(date, time)
    }
    return ambiguity == .earlier ? first : last
  }

  /// The instant of a boundary of opening hours or a day window: a time that does not exist
  /// that day is read as the first instant after the gap (an 02:30 opening becomes 03:00).
  public func boundary(on date: LocalDate, at time: LocalTime) -> Date {
    if let instant = try? instant(on: date, at: time) { return instant }
    let naive = Double(date.dayNumber * 86_400 + time.minutes * 60)
    let after = offsets.seconds(at: Date(timeIntervalSince1970: naive + 86_400))
    // Read with the new (larger) offset, the time falls just before the jump; the jump itself
    // is the first instant the clocks show a later time.
    let beforeJump = Date(timeIntervalSince1970: naive - Double(after))
    return timeZone.nextDaylightSavingTimeTransition(after: beforeJump) ?? beforeJump
  }

  /// The civil date and time the clocks show at `instant`.
  public func civil(_ instant: Date) -> (date: LocalDate, time: LocalTime) {
    let offset = offsets.seconds(at: instant)
    let local = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
    let day = Int((Double(local) / 86_400).rounded(.down))
    let minutes = (local - day * 86_400) / 60
    return (LocalDate(dayNumber: day), LocalTime(minutes: minutes)!)
  }

  /// Seconds east of UTC in force at `instant`.
  public func offset(at instant: Date) -> Int { offsets.seconds(at: instant) }

  /// ISO 8601 with the local offset, as a person in Paris reads it: `2027-05-12T09:30:00+02:00`.
  public func iso8601(_ instant: Date) -> String {
    let (date, time) = civil(instant)
    let offset = self.offset(at: instant)
    let sign = offset < 0 ? "-" : "+"
    let hours = abs(offset) / 3600
    let minutes = abs(offset) % 3600 / 60
    let hh = (hours < 10 ? "0" : "") + String(hours)
    let mm = (minutes < 10 ? "0" : "") + String(minutes)
    let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) % 60
    let ss = (seconds < 10 ? "0" : "") + String(seconds)
    return "\(date)T\(time):\(ss)\(sign)\(hh):\(mm)"
  }
}
