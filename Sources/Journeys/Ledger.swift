import Foundation

/// The visits of other active bookings that a new programme must fit around: what is already
/// taken at each site and by each guide.
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

  public private(set) var entries: [Entry]
  private var bySite: [Site.ID: [Entry]] = [:]
  private var byGuide: [Guide.ID: [Entry]] = [:]

  public init(entries: [Entry] = []) {
    self.entries = []
    for entry in entries { add(entry) }
  }

  /// The active visits of `bookings` at `now`.
  public init(bookings: [Booking], at now: Date) {
    self.init(
      entries: bookings.filter { $0.isActive(at: now) }.flatMap { booking in
        booking.visits.map {
          Entry(booking: booking.id, headcount: booking.group.headcount, visit: $0)
        }
      })
  }

  public mutating func add(_ entry: Entry) {
    entries.append(entry)
    bySite[entry.visit.site, default: []].append(entry)
    if let guide = entry.visit.guide { byGuide[guide, default: []].append(entry) }
  }

  /// Adds the visits of a booking being built, so that later stops see earlier ones.
  public mutating func add(_ visits: [Visit], of booking: Booking.ID, headcount: Int) {
    for visit in visits { add(Entry(booking: booking, headcount: headcount, visit: visit)) }
  }

  /// Visits at `site`.
  public func visits(at site: Site.ID) -> [Entry] { bySite[site] ?? [] }

  /// Visits led by `guide`.
  public func visits(of guide: Guide.ID) -> [Entry] { byGuide[guide] ?? [] }

  /// The most groups present at `site` at any instant of `[start, end)`.
  public func peakGroups(at site: Site.ID, from start: Date, to end: Date) -> Int {
    let overlapping = visits(at: site).filter { $0.visit.start < end && start < $0.visit.end }
    // The peak of half-open intervals is reached at one of their starts (or at `start`).
    let instants = [start] + overlapping.map(\.visit.start).filter { $0 > start }
    return instants.map { t in
      overlapping.filter { $0.visit.start <= t && t < $0.visit.end }.count
    }.max() ?? 0
  }

  /// Distinct bookings received at `site` between two instants (a local day).
  public func bookings(at site: Site.ID, from start: Date, to end: Date) -> Set<Booking.ID> {
    Set(visits(at: site).filter { $0.visit.start < end && start < $0.visit.end }.map(\.booking))
  }
}
