import Foundation

@testable import Journeys

/// Exact solver for tiny problems, used by tests as ground truth for the metaheuristic.
///
/// For each tour it finds every feasible subset by dynamic programming over (subset, last place)
/// keeping the earliest service start, which is exact because arriving earlier never hurts when
/// waiting is allowed; it then splits places between tours by enumerating disjoint subsets.
enum OrienteeringExhaustive {
  /// Optimal routes and score; intended for at most ~10 places and a few tours.
  static func solve(_ problem: OrienteeringProblem) -> (score: Double, routes: [[Int]]) {
    let n = problem.places.count
    precondition(n <= 12, "exhaustive search is for tiny instances only")
    let full = 1 << n
    var feasibleRoute: [[[Int]?]] = []
    for t in problem.tours.indices { feasibleRoute.append(routesByMask(problem, tour: t)) }
    var profit = [Double](repeating: 0, count: full)
    for mask in 1..<full {
      let low = mask.trailingZeroBitCount
      profit[mask] = profit[mask & (mask - 1)] + problem.places[low].profit
    }
    var memo: [Int: (Double, [[Int]])] = [:]
    func best(_ tour: Int, _ available: Int) -> (Double, [[Int]]) {
      if tour == problem.tours.count { return (0, []) }
      let key = tour * full + available
      if let known = memo[key] { return known }
      var result = (-1.0, [[Int]]())
      var subset = available
      while true {
        if let route = feasibleRoute[tour][subset] {
          let rest = best(tour + 1, available & ~subset)
          let value = profit[subset] + rest.0
          if value > result.0 { result = (value, [route] + rest.1) }
        }
        if subset == 0 { break }
        subset = (subset - 1) & available
      }
      memo[key] = result
      return result
    }
    let answer = best(0, full - 1)
    return (answer.0, answer.1)
  }

  private static func routesByMask(_ problem: OrienteeringProblem, tour: Int) -> [[Int]?] {
    let n = problem.places.count
    let full = 1 << n
    let bounds = problem.tours[tour]
    var earliest = [Double](repeating: .infinity, count: full * n)
    var parent = [Int](repeating: -1, count: full * n)
    for j in 0..<n {
      guard let w = problem.places[j].windows[tour] else { continue }
      let arrival = bounds.start + problem.travel(0, j + 1)
      if arrival <= w.close + 1e-9 { earliest[(1 << j) * n + j] = max(arrival, w.open) }
    }
    for mask in 1..<full {
      for last in 0..<n where mask & (1 << last) != 0 {
        let begin = earliest[mask * n + last]
        if begin == .infinity { continue }
        let leave = begin + problem.places[last].serviceDuration
        for j in 0..<n where mask & (1 << j) == 0 {
          guard let w = problem.places[j].windows[tour] else { continue }
          let arrival = leave + problem.travel(last + 1, j + 1)
          if arrival > w.close + 1e-9 { continue }
          let next = (mask | (1 << j)) * n + j
          let start = max(arrival, w.open)
          if start < earliest[next] {
            earliest[next] = start
            parent[next] = last
          }
        }
      }
    }
    var result = [[Int]?](repeating: nil, count: full)
    result[0] = []
    for mask in 1..<full {
      for last in 0..<n where mask & (1 << last) != 0 {
        let begin = earliest[mask * n + last]
        if begin == .infinity { continue }
        let back = begin + problem.places[last].serviceDuration + problem.travel(last + 1, 0)
        if back > bounds.end + 1e-9 { continue }
        var route: [Int] = []
        var current = mask
        var at = last
        while at >= 0 {
          route.append(at + 1)
          let previous = parent[current * n + at]
          current &= ~(1 << at)
          at = previous
        }
        result[mask] = route.reversed()
        break
      }
    }
    return result
  }

  /// Random tiny problem with tight budgets and windows, so that choices actually matter; some
  /// places are closed on some tours to exercise per-tour windows.
  static func randomProblem(
    seed: UInt64, places n: Int, tours m: Int
  ) -> OrienteeringProblem {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / 9_007_199_254_740_992.0
    }
    var xs: [Double] = [50], ys: [Double] = [50]
    for _ in 0..<n {
      xs.append((next() * 100).rounded())
      ys.append((next() * 100).rounded())
    }
    let size = n + 1
    var travel = [Double](repeating: 0, count: size * size)
    for i in 0..<size {
      for j in 0..<size where i != j {
        let d = ((xs[i] - xs[j]) * (xs[i] - xs[j]) + (ys[i] - ys[j]) * (ys[i] - ys[j])).squareRoot()
        travel[i * size + j] = (d * 10).rounded(.down) / 10
      }
    }
    let horizon = 150 + next() * 200
    var tours: [OrienteeringTour] = []
    for _ in 0..<m { tours.append(OrienteeringTour(start: 0, end: horizon)) }
    var places: [OrienteeringPlace] = []
    for _ in 0..<n {
      let profit = (1 + next() * 30).rounded()
      let service = (next() * 20).rounded()
      var windows: [OrienteeringTimeWindow?] = []
      for _ in 0..<m {
        if next() < 0.15 {
          windows.append(nil)
        } else {
          let open = (next() * horizon * 0.7).rounded()
          windows.append(OrienteeringTimeWindow(open: open, close: open + (next() * 120).rounded()))
        }
      }
      places.append(OrienteeringPlace(profit: profit, serviceDuration: service, windows: windows))
    }
    return OrienteeringProblem(places: places, tours: tours, travelTimes: travel)
  }
}
