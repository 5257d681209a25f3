import Foundation

/// How long a group takes to get from one site to the next.
///
/// Sites within walking distance (the eight actors of the Base 11/19 sit within 300 m) are
/// walked; others are reached by coach: great-circle distance × a detour factor gives the road
/// distance, driven at town speed, or (with an open-road speed) at town speed for its first
/// `townKilometres` and at the open-road speed beyond, plus a fixed time to board and get off.
/// A pair can be overridden with a measured time.
public struct TravelTimes: Hashable, Sendable, Codable {
  /// Road distance ÷ straight-line distance; 1.2–1.5 in the basin.
  public var detourFactor: Double
  /// The coach's speed in town, and on the whole leg when there is no open-road speed.
  public var coachKilometresPerHour: Double
  /// The coach's speed beyond the first `townKilometres` of road (motorways and main roads
  /// between the towns of the basin); nil drives the whole leg at town speed.
  public var openRoadKilometresPerHour: Double?
  /// Road kilometres of each leg driven in town (leaving and reaching the sites).
  public var townKilometres: Double
  /// Boarding and getting off, in minutes, for each coach leg.
  public var boardingMinutes: Int
  /// Straight-line distance under which the group walks.
  public var walkingThresholdKilometres: Double
  public var walkingKilometresPerHour: Double
  /// Measured minutes for a pair, in both directions.
  public var overrides: [Pair: Int]

  /// An unordered pair of sites.
  public struct Pair: Hashable, Sendable, Codable {
    public let first: Site.ID
    public let second: Site.ID

    public init(_ a: Site.ID, _ b: Site.ID) {
      (first, second) = a < b ? (a, b) : (b, a)
    }
  }

  public init(
    detourFactor: Double = 1.35, coachKilometresPerHour: Double = 35,
    openRoadKilometresPerHour: Double? = nil, townKilometres: Double = 8, boardingMinutes: Int = 10,
    walkingThresholdKilometres: Double = 0.6, walkingKilometresPerHour: Double = 4,
    overrides: [Pair: Int] = [:]
  ) {
    self.detourFactor = detourFactor
    self.coachKilometresPerHour = coachKilometresPerHour
    self.openRoadKilometresPerHour = openRoadKilometresPerHour
    self.townKilometres = townKilometres
    self.boardingMinutes = boardingMinutes
    self.walkingThresholdKilometres = walkingThresholdKilometres
    self.walkingKilometresPerHour = walkingKilometresPerHour
    self.overrides = overrides
  }

  /// Whole minutes from `a` to `b`, rounded up; zero for the same site.
  public func minutes(from a: Site, to b: Site) -> Int {
    minutes(from: (a.id, a.location), to: (b.id, b.location))
  }

  /// `minutes(from:to:)` from the sites' ids and locations alone.
  func minutes(
    from a: (id: Site.ID, location: Site.Location), to b: (id: Site.ID, location: Site.Location)
  ) -> Int {
    guard a.id != b.id else { return 0 }
    if let measured = overrides[Pair(a.id, b.id)] { return measured }
    let km = Self.greatCircleKilometres(a.location, b.location)
    if km < walkingThresholdKilometres {
      let walked = Int((km * detourFactor / walkingKilometresPerHour * 60).rounded(.up))
      return max(Self.shortestWalkMinutes, walked)
    }
    let road = km * detourFactor
    var driving = road / coachKilometresPerHour * 60
    if let open = openRoadKilometresPerHour, road > townKilometres {
      driving = townKilometres / coachKilometresPerHour * 60 + (road - townKilometres) / open * 60
    }
    return Int(driving.rounded(.up)) + boardingMinutes
  }

  /// Minutes between two different sites however close: a group leaves one place and settles
  /// in the next even next door, and two sites the catalogue places at the same point (the town
  /// centre, when the address is not surveyed) would otherwise follow each other in no time.
  public static let shortestWalkMinutes = 5

  /// Haversine distance on a sphere of the Earth's mean radius.
  public static func greatCircleKilometres(_ a: Site.Location, _ b: Site.Location) -> Double {
    let radians = Double.pi / 180
    let dLat = (b.latitude - a.latitude) * radians
    let dLon = (b.longitude - a.longitude) * radians
    let h =
      sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * radians) * cos(b.latitude * radians)
      * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6371.0088 * asin(min(1, sqrt(h)))
  }
}
