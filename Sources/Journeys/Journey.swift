import Foundation

/// An itinerary template published by an admin: ordered stops over one day.
///
/// A published version is immutable; a booking keeps the version it was made on, so that a
/// later edit of the catalogue never changes a programme a group has already agreed to.
public struct Journey: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<Journey>

  /// What happens at a stop.
  public enum StopKind: String, Hashable, Sendable, Codable {
    case visit, meeting, lunch
  }

  /// One stop of the day.
  public struct Stop: Hashable, Sendable, Codable {
    public var site: Site.ID
    public var kind: StopKind
    public var minutes: Int
    /// Whether one of our guides leads this stop.
    public var guided: Bool
    /// An optional stop is left out of the programme when it cannot take place that day.
    public var mandatory: Bool
    public var activity: LocalizedText

    public init(
      site: Site.ID, kind: StopKind = .visit, minutes: Int, guided: Bool, mandatory: Bool = true,
      activity: LocalizedText = .init(fr: "", en: "")
    ) {
      self.site = site
      self.kind = kind
      self.minutes = minutes
      self.guided = guided
      self.mandatory = mandatory
      self.activity = activity
    }
  }

  /// The civil window the programme must fit in.
  public struct DayWindow: Hashable, Sendable, Codable {
    public var start: LocalTime
    public var end: LocalTime

    public init(start: LocalTime, end: LocalTime) {
      self.start = start
      self.end = end
    }
  }

  public var id: ID
  public var version: Int
  public var title: LocalizedText
  public var description: LocalizedText
  public var themes: [Theme]
  public var languages: [Language]
  public var groupSize: ClosedRange<Int>
  public var day: DayWindow
  public var stops: [Stop]
  /// When lunch may start; nil for the usual 11:30–14:00.
  public var lunchWindow: DayWindow?
  /// Until how many days before the date a booking's headcount may change; nil for
  /// `defaultChangeDeadlineDays`.
  public var changeDeadlineDays: Int?

  /// A week: time for the sites and guides to plan with the final numbers.
  public static let defaultChangeDeadlineDays = 7

  /// The last instant a booking on `date` may change: the start (Europe/Paris) of the day
  /// `changeDeadlineDays` before it.
  public func changeDeadline(for date: LocalDate, civil: CivilTime) -> Date {
    civil.boundary(
      on: date.adding(days: -(changeDeadlineDays ?? Self.defaultChangeDeadlineDays)),
      at: LocalTime(hour: 0, minute: 0)!)
  }

  /// The usual French lunch window.
  public static let defaultLunchWindow = DayWindow(
    start: LocalTime(hour: 11, minute: 30)!, end: LocalTime(hour: 14, minute: 0)!)

  public init(
    id: ID, version: Int, title: LocalizedText, description: LocalizedText, themes: [Theme],
    languages: [Language], groupSize: ClosedRange<Int>, day: DayWindow, stops: [Stop],
    lunchWindow: DayWindow? = nil, changeDeadlineDays: Int? = nil
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.description = description
    self.themes = themes
    self.languages = languages
    self.groupSize = groupSize
    self.day = day
    self.stops = stops
    self.lunchWindow = lunchWindow
    self.changeDeadlineDays = changeDeadlineDays
  }
}

extension Identifier<Journey> {
  /// The prefix of journeys assembled for one group (`JourneyAssembler`), never published in
  /// the catalogue: the catalogue reader refuses it.
  public static let customPrefix = "custom-"

  /// Whether this is a journey assembled for one group rather than a catalogue journey.
  public var isCustom: Bool { rawValue.hasPrefix(Self.customPrefix) }
}
