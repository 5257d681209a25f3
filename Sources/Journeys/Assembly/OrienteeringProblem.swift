import Foundation

/// A window on the start of a visit, in the same time unit as the travel times.
///
/// Only the start is bounded: a visit may run past `close`, which matches how sites publish
/// "last admission" times and how the benchmark families are defined.
public struct OrienteeringTimeWindow: Sendable, Hashable {
  /// Earliest start of service; arriving earlier means waiting on site.
  public var open: Double
  /// Latest start of service.
  public var close: Double

  /// Creates a window; `open` after `close` makes the place unusable on that tour.
  public init(open: Double, close: Double) {
    self.open = open
    self.close = close
  }
}

/// One candidate place of a problem, described independently of any tour order.
public struct OrienteeringPlace: Sendable, Hashable {
  /// Value collected when the place is visited once (visiting twice earns nothing more).
  public var profit: Double
  /// Time spent on site; the next travel leaves after it.
  public var serviceDuration: Double
  /// One entry per tour; `nil` means the place cannot be visited on that tour (closed that day).
  public var windows: [OrienteeringTimeWindow?]
  /// Places that must be kept if at all possible: the solver ranks any plan holding more of them
  /// above any plan holding fewer, whatever the profits.
  public var required: Bool

  /// Creates a place with an explicit window (or `nil`) for every tour.
  public init(
    profit: Double, serviceDuration: Double, windows: [OrienteeringTimeWindow?],
    required: Bool = false
  ) {
    self.profit = profit
    self.serviceDuration = serviceDuration
    self.windows = windows
    self.required = required
  }

  /// Creates a place whose single window applies to all `tourCount` tours.
  public init(
    profit: Double, serviceDuration: Double, window: OrienteeringTimeWindow, tourCount: Int,
    required: Bool = false
  ) {
    self.init(
      profit: profit, serviceDuration: serviceDuration,
      windows: Array(repeating: window, count: tourCount), required: required)
  }
}

/// One tour (a day, a coach): it leaves the depot no earlier than `start` and is back by `end`.
public struct OrienteeringTour: Sendable, Hashable {
  /// Earliest departure from the depot.
  public var start: Double
  /// Latest return to the depot.
  public var end: Double

  /// Creates a tour bounded by its departure and return times.
  public init(start: Double, end: Double) {
    self.start = start
    self.end = end
  }
}

/// A Team Orienteering Problem with Time Windows: choose and order places over several tours.
///
/// Vertex 0 is the depot; `places[k]` is vertex `k + 1`. Routes in solutions use vertex indices,
/// so the matrix can be read directly without offsets.
public struct OrienteeringProblem: Sendable {
  /// The candidate places; vertex index = array index + 1.
  public let places: [OrienteeringPlace]
  /// The tours to fill, in order; windows of places are indexed the same way.
  public let tours: [OrienteeringTour]
  /// Row-major `(places.count + 1)²` travel times, depot first; asymmetric values are allowed.
  public let travelTimes: [Double]

  /// Number of vertices including the depot, i.e. the matrix dimension.
  public var vertexCount: Int { places.count + 1 }

  /// Creates a problem from a flat row-major matrix; traps on inconsistent sizes because those
  /// are programming errors rather than data the caller could recover from.
  public init(places: [OrienteeringPlace], tours: [OrienteeringTour], travelTimes: [Double]) {
    let size = places.count + 1
    precondition(travelTimes.count == size * size, "travel matrix must be (places + 1)²")
    for place in places {
      precondition(place.windows.count == tours.count, "one window entry per tour is required")
    }
    self.places = places
    self.tours = tours
    self.travelTimes = travelTimes
  }

  /// Creates a problem from a nested matrix, for callers that already hold rows.
  public init(places: [OrienteeringPlace], tours: [OrienteeringTour], travelTimes: [[Double]]) {
    precondition(travelTimes.count == places.count + 1, "travel matrix must be (places + 1)²")
    self.init(places: places, tours: tours, travelTimes: travelTimes.flatMap { $0 })
  }

  /// Travel time between two vertex indices (0 = depot).
  @inlinable
  public func travel(_ from: Int, _ to: Int) -> Double {
    travelTimes[from * (places.count + 1) + to]
  }
}
