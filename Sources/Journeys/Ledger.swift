import Foundation

/// The visits of other active bookings that a new programme must fit around: what is already
/// taken at each site and by each guide, indexed by local day so that checking a date reads
/// only that date's visits whatever the size of the season.
public struct Ledger: Sendable {
  /// A visit of an active booking, with the size of its group.
  public struct Entry: Hashable, Sendable {
    public var booking: Booking.ID
    public var headcount: Int
    public var visit: Visit

    public init(booking: Booking.ID, headcount: Int, visit: Visit) {
      self.booking = booking
      self.headcount = headcount
      self.visit = visit
    }
  }

  struct Key<ID: Hashable & Sendable>: Hashable, Sendable {
    let id: ID
    let day: Int
  }

  /// Every entry, in no particular order. Not kept as one list: a ledger copied to add a few
  /// visits (a hold's, or the day either side of a remembered week) would copy it whole.
  public var entries: [Entry] { bySiteDay.values.flatMap { $0 } }
  private let civil: CivilTime
  private var bySiteDay: [Key<Site.ID>: [Entry]] = [:]
  /// Each guide's visits and minutes by day: a guide's id is hashed once for all the days
  /// the guide planner reads around a visit.
  private var byGuide: [Guide.ID: GuideDays] = [:]

  struct GuideDays: Sendable {
    var visits: [Int: [Entry]] = [:]
    var minutes: [Int: Double] = [:]
    var total: Double = 0

    mutating func add(_ entry: Entry, on day: Int, minutes: Double) {
      visits[day, default: []].append(entry)
      self.minutes[day, default: 0] += minutes
      total += minutes
    }
  }

  public init(entries: [Entry] = [], civil: CivilTime = .paris) {
    self.civil = civil
    for entry in entries { add(entry) }
  }

  /// The active visits of `bookings` at `now`.
  public init(bookings: [Booking], at now: Date, civil: CivilTime = .paris) {
    self.init(
      entries: bookings.filter { $0.isActive(at: now) }.flatMap { booking in
        booking.visits.map {
          Entry(booking: booking.id, headcount: booking.group.headcount, visit: $0)
        }
      }, civil: civil)
  }

  public mutating func add(_ entry: Entry) {
    add(entry, startingOn: civil.civil(entry.visit.start).date)
  }

  /// Adds `entry`, whose visit starts on the local `date`: for callers that keep entries and
  /// so convert each start to civil time once, not at every ledger they build.
  public mutating func add(_ entry: Entry, startingOn date: LocalDate) {
    let day = date.dayNumber
    bySiteDay[Key(id: entry.visit.site, day: day), default: []].append(entry)
    if let guide = entry.visit.guide {
      let minutes = entry.visit.end.timeIntervalSince(entry.visit.start) / 60
      byGuide[guide, default: GuideDays()].add(entry, on: day, minutes: minutes)
    }
  }

  /// Adds the visits of a booking being built, so that later stops see earlier ones.
  public mutating func add(_ visits: [Visit], of booking: Booking.ID, headcount: Int) {
    for visit in visits { add(Entry(booking: booking, headcount: headcount, visit: visit)) }
  }

  /// Every visit at `site`, any day.
  public func visits(at site: Site.ID) -> [Entry] {
    bySiteDay.filter { $0.key.id == site }.sorted { $0.key.day < $1.key.day }.flatMap(\.value)
  }

  /// Every visit led by `guide`, any day.
  public func visits(of guide: Guide.ID) -> [Entry] {
    (byGuide[guide]?.visits ?? [:]).sorted { $0.key < $1.key }.flatMap(\.value)
  }

  /// Visits at `site` that start on the local `day`.
  public func visits(at site: Site.ID, on day: LocalDate) -> [Entry] {
    bySiteDay[Key(id: site, day: day.dayNumber)] ?? []
  }

  /// Visits led by `guide` that start on the local `day`.
  public func visits(of guide: Guide.ID, on day: LocalDate) -> [Entry] {
    byGuide[guide]?.visits[day.dayNumber] ?? []
  }

  /// Minutes `guide` leads on the local `day`.
  public func minutes(of guide: Guide.ID, on day: LocalDate) -> Double {
    byGuide[guide]?.minutes[day.dayNumber] ?? 0
  }

  /// Minutes `guide` leads in the whole ledger: work goes first to the least loaded guide.
  public func totalMinutes(of guide: Guide.ID) -> Double { byGuide[guide]?.total ?? 0 }

  /// Everything the ledger holds of `guide`, looked up once (`GuideSelection.GuideDay`).
  func days(of guide: Guide.ID) -> GuideDays { byGuide[guide] ?? GuideDays() }

  /// The most groups present at `site` at any instant of `[start, end)` on the local `day`.
  public func peakGroups(at site: Site.ID, on day: LocalDate, from start: Date, to end: Date)
    -> Int
  {
    // A sweep over the starts and ends inside the interval: O(m log m) for m visits that day.
    var events: [(at: Date, change: Int)] = []
    for entry in visits(at: site, on: day) where entry.visit.start < end && start < entry.visit.end
    {
      events.append((max(entry.visit.start, start), 1))
      events.append((entry.visit.end, -1))
    }
    // Half-open intervals: at equal instants an end frees its place before a start takes it.
    events.sort { ($0.at, $0.change) < ($1.at, $1.change) }
    var current = 0
    var peak = 0
    for event in events {
      current += event.change
      peak = max(peak, current)
    }
    return peak
  }

  /// Whether `site` has fewer than `limit` groups present at every instant of `[start, end)`
  /// on the local `day` (`peakGroups` below `limit`), without the sweep when fewer than
  /// `limit` visits overlap the interval at all.
  public func hasRoom(
    at site: Site.ID, on day: LocalDate, from start: Date, to end: Date, below limit: Int
  ) -> Bool {
    let overlapping = visits(at: site, on: day).reduce(0) {
      $1.visit.start < end && start < $1.visit.end ? $0 + 1 : $0
    }
    return overlapping < limit || peakGroups(at: site, on: day, from: start, to: end) < limit
  }

  /// Whether `site` receives `limit` distinct bookings or more on the local `day`, the
  /// bookings told apart only when the day's visits could reach `limit`.
  public func receives(atLeast limit: Int, at site: Site.ID, on day: LocalDate) -> Bool {
    let entries = visits(at: site, on: day)
    return entries.count >= limit && Set(entries.map(\.booking)).count >= limit
  }
}
