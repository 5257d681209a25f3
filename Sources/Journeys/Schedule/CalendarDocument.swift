import Foundation

/// One event of a calendar feed, in instants; `CalendarDocument` writes it as a VEVENT.
public struct CalendarEvent: Hashable, Sendable {
  /// Whether the event takes place, as calendar clients show it (STATUS).
  public enum Status: String, Hashable, Sendable {
    case confirmed = "CONFIRMED"
    case tentative = "TENTATIVE"
    case cancelled = "CANCELLED"
  }

  /// The same for every render of the event, so that a client updates its copy instead of
  /// adding a second one.
  public var uid: String
  /// The event's revision (SEQUENCE): of two copies with one UID, a client keeps the higher.
  public var sequence: Int
  /// When the event starts.
  public var start: Date
  /// When the event ends; later than `start`.
  public var end: Date
  /// The one line a calendar shows.
  public var summary: String
  /// Free text; line breaks are kept.
  public var description: String?
  /// Where, as a person reads it (name, address).
  public var location: String?
  /// Where, as a map reads it (GEO).
  public var geo: Site.Location?
  /// Whether the event takes place.
  public var status: Status
  /// DTSTAMP: in a feed without METHOD, when the event last changed (RFC 5545, 3.8.7.2); of
  /// two copies with the same sequence, a client keeps the later.
  public var stamp: Date
  /// When the event last changed (LAST-MODIFIED), when known.
  public var lastModified: Date?

  /// Creates an event; `end` must come after `start`.
  public init(
    uid: String, sequence: Int, start: Date, end: Date, summary: String,
    description: String? = nil, location: String? = nil, geo: Site.Location? = nil,
    status: Status, stamp: Date, lastModified: Date? = nil
  ) {
    self.uid = uid
    self.sequence = sequence
    self.start = start
    self.end = end
    self.summary = summary
    self.description = description
    self.location = location
    self.geo = geo
    self.status = status
    self.stamp = stamp
    self.lastModified = lastModified
  }
}

/// A time zone on the EU summer-time rule, written into a feed as a VTIMEZONE.
///
/// Since 1996 every EU zone moves its clocks at 01:00 UTC on the last Sunday of March (forward
/// one hour) and of October (back). The local times of a feed are computed from this same rule,
/// not from the host's time-zone database, so that the VTIMEZONE a client reads and the times it
/// is given cannot disagree; a test checks the rule against `CivilTime.paris`.
public struct CalendarTimeZone: Hashable, Sendable {
  /// The TZID, an IANA name such as `Europe/Paris`.
  public var identifier: String
  /// Seconds east of UTC in winter.
  public var standardOffset: Int
  /// The winter abbreviation (TZNAME), such as `CET`.
  public var standardName: String
  /// The summer abbreviation, such as `CEST`.
  public var daylightName: String

  /// Creates a zone; its summer offset is one hour more than `standardOffset`.
  public init(
    identifier: String, standardOffset: Int, standardName: String, daylightName: String
  ) {
    self.identifier = identifier
    self.standardOffset = standardOffset
    self.standardName = standardName
    self.daylightName = daylightName
  }

  /// Europe/Paris: CET (UTC+1) in winter, CEST (UTC+2) in summer.
  public static let paris = CalendarTimeZone(
    identifier: "Europe/Paris", standardOffset: 3_600, standardName: "CET", daylightName: "CEST")

  /// Seconds east of UTC in summer.
  public var daylightOffset: Int { standardOffset + 3_600 }

  /// Seconds east of UTC in force at `instant`, by the EU rule.
  public func offset(at instant: Date) -> Int {
    let seconds = Self.seconds(instant)
    let year = LocalDate(dayNumber: Self.floorDivide(seconds, 86_400)).year
    let summer = Self.transition(year: year, month: 3)..<Self.transition(year: year, month: 10)
    return summer.contains(seconds) ? daylightOffset : standardOffset
  }

  /// `YYYYMMDDTHHMMSS`, the local date and time clocks in this zone show at `instant`.
  func localDateTime(_ instant: Date) -> String {
    CalendarText.dateTime(Self.seconds(instant) + offset(at: instant))
  }

  /// Whether clocks showed the same local time an hour before `instant`: the second pass
  /// through the hour repeated when clocks go back.
  func isRepeated(_ instant: Date) -> Bool {
    offset(at: instant.addingTimeInterval(-3_600)) - offset(at: instant) == 3_600
  }

  /// The VTIMEZONE component, as unfolded content lines.
  var componentLines: [String] {
    // The first year both ends of the summer fall on the rule; RFC 5545 wants the DTSTART of
    // each sub-component to be its first onset. Onsets are written in the offset they leave.
    let firstYear = 1996
    let spring = Self.transition(year: firstYear, month: 3) + standardOffset
    let autumn = Self.transition(year: firstYear, month: 10) + daylightOffset
    return [
      "BEGIN:VTIMEZONE",
      "TZID:\(identifier)",
      "BEGIN:DAYLIGHT",
      "TZOFFSETFROM:\(CalendarText.utcOffset(standardOffset))",
      "TZOFFSETTO:\(CalendarText.utcOffset(daylightOffset))",
      "TZNAME:\(CalendarText.escaped(daylightName))",
      "DTSTART:\(CalendarText.dateTime(spring))",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
      "END:DAYLIGHT",
      "BEGIN:STANDARD",
      "TZOFFSETFROM:\(CalendarText.utcOffset(daylightOffset))",
      "TZOFFSETTO:\(CalendarText.utcOffset(standardOffset))",
      "TZNAME:\(CalendarText.escaped(standardName))",
      "DTSTART:\(CalendarText.dateTime(autumn))",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
      "END:STANDARD",
      "END:VTIMEZONE",
    ]
  }

  /// Seconds since 1970 of 01:00 UTC on the last Sunday of `month`.
  static func transition(year: Int, month: Int) -> Int {
    let days = LocalDate.daysIn(month: month, year: year)
    // The last day of a month always exists.
    let last = LocalDate(year: year, month: month, day: days)!
    let sunday = last.adding(days: -((last.weekday.ordinal + 1) % 7))
    return sunday.dayNumber * 86_400 + 3_600
  }

  static func seconds(_ instant: Date) -> Int {
    Int(instant.timeIntervalSince1970.rounded(.down))
  }

  static func floorDivide(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
  }
}

/// An iCalendar object (RFC 5545) published as a feed: a name, events, and how times are written.
public struct CalendarDocument: Hashable, Sendable {
  /// How DTSTART and DTEND are written.
  public enum TimeStyle: Hashable, Sendable {
    /// In UTC (`20260610T080000Z`): needs no VTIMEZONE.
    case utc
    /// In local time with a TZID (`DTSTART;TZID=Europe/Paris:20260610T100000`) and the
    /// VTIMEZONE that defines it, so that clients show the event in the zone of the sites.
    case zoned(CalendarTimeZone)
  }

  /// Names the product that wrote the feed (PRODID).
  public static let defaultProductID = "-//Voyages apprenants//Journeys//FR"

  /// The name a client gives the subscribed calendar (X-WR-CALNAME).
  public var name: String
  /// The events, written in this order.
  public var events: [CalendarEvent]
  /// How times are written.
  public var timeStyle: TimeStyle
  /// The PRODID.
  public var productID: String

  /// Creates a document; times are written in Paris time unless told otherwise.
  public init(
    name: String, events: [CalendarEvent], timeStyle: TimeStyle = .zoned(.paris),
    productID: String = CalendarDocument.defaultProductID
  ) {
    self.name = name
    self.events = events
    self.timeStyle = timeStyle
    self.productID = productID
  }

  /// The document as `text/calendar`: UTF-8 text, CRLF line endings, lines folded at 75 octets.
  public func rendered() -> String {
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:\(CalendarText.escaped(productID))",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:\(CalendarText.escaped(name))",
    ]
    if case .zoned(let zone) = timeStyle {
      // Google Calendar reads the calendar's zone from this property, not from VTIMEZONE.
      lines.append("X-WR-TIMEZONE:\(CalendarText.escaped(zone.identifier))")
      lines += zone.componentLines
    }
    for event in events { lines += eventLines(event) }
    lines.append("END:VCALENDAR")
    return lines.map { CalendarText.folded($0) + "\r\n" }.joined()
  }

  func eventLines(_ event: CalendarEvent) -> [String] {
    var lines = [
      "BEGIN:VEVENT",
      "UID:\(CalendarText.escaped(event.uid))",
      "DTSTAMP:\(CalendarText.utc(event.stamp))",
      "SEQUENCE:\(max(0, event.sequence))",
      timeLine("DTSTART", event.start),
      timeLine("DTEND", event.end),
      "SUMMARY:\(CalendarText.escaped(event.summary))",
    ]
    if let text = event.description, !text.isEmpty {
      lines.append("DESCRIPTION:\(CalendarText.escaped(text))")
    }
    if let text = event.location, !text.isEmpty {
      lines.append("LOCATION:\(CalendarText.escaped(text))")
    }
    if let geo = event.geo {
      let (latitude, longitude) = (geo.latitude, geo.longitude)
      lines.append("GEO:\(CalendarText.decimal(latitude));\(CalendarText.decimal(longitude))")
    }
    lines.append("STATUS:\(event.status.rawValue)")
    // A cancelled visit no longer takes the guide's time in free/busy lookups.
    lines.append("TRANSP:\(event.status == .cancelled ? "TRANSPARENT" : "OPAQUE")")
    if let modified = event.lastModified {
      lines.append("LAST-MODIFIED:\(CalendarText.utc(modified))")
    }
    lines.append("END:VEVENT")
    return lines
  }

  func timeLine(_ name: String, _ instant: Date) -> String {
    switch timeStyle {
    case .utc:
      return "\(name):\(CalendarText.utc(instant))"
    case .zoned(let zone):
      // RFC 5545 (3.3.5) reads a local time that happens twice as its first occurrence: an
      // instant in the repeated hour after clocks go back can only be written in UTC.
      guard !zone.isRepeated(instant) else { return "\(name):\(CalendarText.utc(instant))" }
      return "\(name);TZID=\(zone.identifier):\(zone.localDateTime(instant))"
    }
  }
}

/// The RFC 5545 text forms: escaped TEXT values, folded lines, date-times.
enum CalendarText {
  /// A TEXT value: backslash, semicolon and comma escaped, line breaks written `\n`, and other
  /// control characters, which TEXT may not contain, dropped.
  static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    // Scalars, not Characters: a comma followed by a combining accent is one Character, and
    // would slip past a match on ",". A CRLF is one line break, hence `afterCR`.
    var afterCR = false
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case ";": out += "\\;"
      case ",": out += "\\,"
      case "\r": out += "\\n"
      case "\n" where !afterCR: out += "\\n"
      case "\n": break
      case "\t": out.unicodeScalars.append(scalar)
      default: if !isControl(scalar) { out.unicodeScalars.append(scalar) }
      }
      afterCR = scalar == "\r"
    }
    return out
  }

  /// `line` folded so that no line exceeds 75 octets: continuation lines start with one space.
  /// Never splits a UTF-8 sequence, nor a Character unless it alone is wider than a line.
  static func folded(_ line: String, limit: Int = 75) -> String {
    guard line.utf8.count > limit else { return line }
    var out = ""
    var used = 0
    for character in line {
      // A continuation line holds `limit - 1` octets after its space.
      let pieces =
        character.utf8.count < limit
        ? [String(character)] : character.unicodeScalars.map { String($0) }
      for piece in pieces {
        let width = piece.utf8.count
        if used + width > limit {
          out += "\r\n "
          used = 1
        }
        out += piece
        used += width
      }
    }
    return out
  }

  /// `YYYYMMDDTHHMMSSZ`.
  static func utc(_ instant: Date) -> String {
    dateTime(CalendarTimeZone.seconds(instant)) + "Z"
  }

  /// `YYYYMMDDTHHMMSS` of `seconds` since 1970 on a clock with no offset.
  static func dateTime(_ seconds: Int) -> String {
    let dayNumber = CalendarTimeZone.floorDivide(seconds, 86_400)
    let date = LocalDate(dayNumber: dayNumber)
    let time = seconds - dayNumber * 86_400
    return pad(date.year, 4) + pad(date.month, 2) + pad(date.day, 2) + "T"
      + pad(time / 3_600, 2) + pad(time % 3_600 / 60, 2) + pad(time % 60, 2)
  }

  /// `+0100`, `-0330`.
  static func utcOffset(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    return (seconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + pad(minutes % 60, 2)
  }

  /// A FLOAT with six decimals (about 10 cm), whatever the host's locale.
  static func decimal(_ value: Double) -> String {
    let micro = Int((abs(value) * 1_000_000).rounded())
    return (value < 0 && micro > 0 ? "-" : "") + String(micro / 1_000_000) + "."
      + pad(micro % 1_000_000, 6)
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || scalar.value == 0x7F
  }
}
