import Foundation

/// One visit of a planned tour, with the times the schedule implies.
public struct OrienteeringStop: Sendable, Hashable {
  /// Vertex index of the place (1…n).
  public var place: Int
  /// When the group reaches the place.
  public var arrival: Double
  /// When the visit starts, after any wait for the window to open.
  public var serviceStart: Double
}

/// A plan: one ordered list of places per tour, scored and timed.
public struct OrienteeringSolution: Sendable {
  /// Vertex indices in visit order, one array per tour, depot excluded.
  public let routes: [[Int]]
  /// Stops with earliest-start times, parallel to `routes`.
  public let schedules: [[OrienteeringStop]]
  /// Sum of the profits of the visited places.
  public let score: Double
  /// Required places (vertex indices) that no feasible plan found could hold.
  public let missingRequired: [Int]
  /// Iterations the search ran, for diagnostics and reproducibility checks.
  public let iterations: Int
  /// Wall-clock seconds spent in the search.
  public let elapsedSeconds: Double

  /// Whether every place flagged `required` is in the plan.
  public var allRequiredPlaced: Bool { missingRequired.isEmpty }

  /// Builds a solution from routes, timing them at earliest starts; routes are trusted to be
  /// feasible, callers who doubt it run `check` first.
  public init(
    problem: OrienteeringProblem, routes: [[Int]], iterations: Int = 0, elapsedSeconds: Double = 0
  ) {
    self.routes = routes
    var schedules: [[OrienteeringStop]] = []
    var score = 0.0
    var placed = Set<Int>()
    for (tour, route) in routes.enumerated() {
      var time = problem.tours[tour].start
      var previous = 0
      var stops: [OrienteeringStop] = []
      for place in route {
        let arrival = time + problem.travel(previous, place)
        let window = problem.places[place - 1].windows[tour]
        let start = max(arrival, window?.open ?? arrival)
        stops.append(OrienteeringStop(place: place, arrival: arrival, serviceStart: start))
        time = start + problem.places[place - 1].serviceDuration
        previous = place
        score += problem.places[place - 1].profit
        placed.insert(place)
      }
      schedules.append(stops)
    }
    self.schedules = schedules
    self.score = score
    self.missingRequired = problem.places.indices
      .filter { problem.places[$0].required && !placed.contains($0 + 1) }
      .map { $0 + 1 }
    self.iterations = iterations
    self.elapsedSeconds = elapsedSeconds
  }

  /// Absolute slack granted to every time comparison. Benchmark times are multiples of 0.01, so
  /// a real violation is far larger than this while summation noise is far smaller.
  public static let tolerance = 1e-6

  /// Re-times `routes` from scratch and lists every rule they break; empty means feasible.
  ///
  /// Deliberately shares no code with the solver's incremental bookkeeping, so that a bug there
  /// cannot hide behind the same bug here.
  public static func check(problem: OrienteeringProblem, routes: [[Int]]) -> [String] {
    var issues: [String] = []
    if routes.count != problem.tours.count {
      issues.append("expected \(problem.tours.count) routes, got \(routes.count)")
    }
    var seen = Set<Int>()
    for (tour, route) in routes.enumerated() where tour < problem.tours.count {
      let bounds = problem.tours[tour]
      var time = bounds.start
      var previous = 0
      for place in route {
        guard place >= 1, place <= problem.places.count else {
          issues.append("tour \(tour): vertex \(place) does not exist")
          continue
        }
        if !seen.insert(place).inserted {
          issues.append("tour \(tour): vertex \(place) visited more than once")
        }
        let info = problem.places[place - 1]
        guard let window = info.windows[tour] else {
          issues.append("tour \(tour): vertex \(place) cannot be visited on this tour")
          continue
        }
        let arrival = time + problem.travel(previous, place)
        if arrival > window.close + tolerance {
          issues.append("tour \(tour): vertex \(place) reached at \(arrival) after \(window.close)")
        }
        time = max(arrival, window.open) + info.serviceDuration
        previous = place
      }
      let back = time + problem.travel(previous, 0)
      if back > bounds.end + tolerance {
        issues.append("tour \(tour): back at depot at \(back), after \(bounds.end)")
      }
    }
    return issues
  }
}
