import Foundation

/// What a delegation asks for: "three days in April, 30 people, English, energy and citizen
/// participation first, biodiversity if there is time, one wheelchair user, arriving at Lens
/// station at 9:30".
public struct AssemblyRequest: Hashable, Sendable {
  /// Where each day starts and ends (the coach picks the group up and brings it back).
  public struct StartPoint: Hashable, Sendable {
    public var name: String
    public var location: Site.Location

    public init(name: String, location: Site.Location) {
      self.name = name
      self.location = location
    }

    /// Lens railway station, where most delegations arrive.
    public static let lensStation = StartPoint(
      name: "Gare de Lens",
      location: .init(latitude: 50.4276, longitude: 2.8303, precision: .surveyed))
  }

  /// The first day of the stay.
  public var firstDate: LocalDate
  /// How many consecutive days (1 to `maximumDays`).
  public var days: Int
  public var group: GroupProfile
  /// How much each theme matters to the group, 0 to `maximumThemeWeight`; themes not named
  /// count for nothing.
  public var themes: [Theme: Double]
  /// Sites the programme must hold if at all possible.
  public var include: [Site.ID]
  /// Sites the group does not want.
  public var exclude: [Site.ID]
  public var start: StartPoint
  /// When the group is at the start point each morning.
  public var startTime: LocalTime
  /// When the group is back at the start point at the latest.
  public var endTime: LocalTime
  /// Whether each day has a lunch stop, within `lunchWindow`.
  public var lunch: Bool
  public var lunchWindow: Journey.DayWindow

  /// The longest stay assembled in one request.
  public static let maximumDays = 7

  /// The heaviest weight of a theme: weights only rank sites, and a bound keeps scores finite.
  public static let maximumThemeWeight = 100.0

  public init(
    firstDate: LocalDate, days: Int, group: GroupProfile, themes: [Theme: Double],
    include: [Site.ID] = [], exclude: [Site.ID] = [], start: StartPoint = .lensStation,
    startTime: LocalTime = LocalTime("09:30")!, endTime: LocalTime = LocalTime("18:00")!,
    lunch: Bool = true, lunchWindow: Journey.DayWindow = Journey.defaultLunchWindow
  ) {
    self.firstDate = firstDate
    self.days = days
    self.group = group
    self.themes = themes
    self.include = include
    self.exclude = exclude
    self.start = start
    self.startTime = startTime
    self.endTime = endTime
    self.lunch = lunch
    self.lunchWindow = lunchWindow
  }

  /// The dates of the stay.
  public var dates: [LocalDate] { (0..<days).map { firstDate.adding(days: $0) } }
}

/// A proposed programme: one custom journey per day, ready to hold, and what was left out.
public struct AssembledProgramme: Sendable {
  /// One day of the programme.
  public struct Day: Sendable {
    public var date: LocalDate
    /// The day as a journey of its own (`Journey.ID.isCustom`), to save and hold like any other.
    public var journey: Journey
    /// The day timed by the same rules as every booking, with its guides.
    public var programme: Programme
    /// The interest of the day's sites for the group.
    public var score: Double
  }

  /// A site of interest to the group that is not in the programme, and why.
  public struct LeftOut: Sendable {
    public var site: Site.ID
    /// The site's interest for the group.
    public var interest: Double
    public var reasons: [Violation]
  }

  public var days: [Day]
  /// Days of the stay on which nothing of interest could take place.
  public var unplanned: [LocalDate]
  /// What the group should know about the days proposed, such as a day without lunch.
  public var notes: [Violation]
  /// The sum of the days' scores.
  public var score: Double { days.reduce(0) { $0 + $1.score } }
  /// By decreasing interest.
  public var leftOut: [LeftOut]
  /// How long the search ran and how far it went, for the record.
  public var seconds: Double
  public var iterations: Int
}

/// How the assembler searches.
public struct AssemblyOptions: Sendable {
  public var seed: UInt64
  /// Seconds of search at most, searches again after refused stops and timing the days
  /// between them included (timing the last one adds to it); the best programme found by then
  /// is returned.
  public var seconds: Double
  /// A limit on the search's iterations instead of or besides the clock: with it, the same
  /// seed gives the same programme on any machine.
  public var iterations: Int?
  /// Called on each better programme found: its score and the seconds spent.
  public var progress: (@Sendable (_ score: Double, _ seconds: Double) -> Void)?

  public init(
    seed: UInt64 = 1, seconds: Double = 1.5, iterations: Int? = nil,
    progress: (@Sendable (_ score: Double, _ seconds: Double) -> Void)? = nil
  ) {
    self.seed = seed
    self.seconds = seconds
    self.iterations = iterations
    self.progress = progress
  }
}
