import Foundation

/// One tour under construction, with the per-stop slack that makes insertion checks O(1).
///
/// `stops` starts and ends with the depot (0). `maxShift[p]` is how much the start of service at
/// position `p` may be delayed without breaking any later window or the tour end; `wait[p]` is the
/// idle time before service at `p`, which absorbs delays first.
struct OrienteeringRoute: Sendable {
  var stops: [Int32]
  var start: [Double]
  var wait: [Double]
  var maxShift: [Double]

  var visitCount: Int { stops.count - 2 }
}

/// A complete plan during the search: routes, where each vertex sits, and the internal score
/// (profits plus the bonus that ranks required places first).
struct OrienteeringState: Sendable {
  var routes: [OrienteeringRoute]
  /// Route index of each vertex, -1 when unvisited.
  var location: [Int32]
  var score: Double

  /// Visits over all tours, depots excluded.
  var visitCount: Int { routes.reduce(0) { $0 + $1.visitCount } }

  /// Tour and position of the `index`-th visit, counting tour by tour.
  func position(ofVisit index: Int) -> (route: Int, position: Int) {
    var remaining = index
    var r = 0
    while remaining >= routes[r].visitCount {
      remaining -= routes[r].visitCount
      r += 1
    }
    return (r, remaining + 1)
  }
}

/// Immutable, flattened copy of the problem in the layout the hot loops want.
struct OrienteeringData: Sendable {
  let size: Int
  let tourCount: Int
  let travel: [Double]
  let service: [Double]
  /// Internal profit: real profit, plus a dominating bonus for required places.
  let profit: [Double]
  let realProfit: [Double]
  /// Per tour, per vertex; unusable pairs get an empty window (open = +inf, close = -inf). The
  /// depot's close is the tour end so the closing depot behaves like any other stop.
  let open: [Double]
  let close: [Double]
  let tourStart: [Double]
  let requiredBonus: Double
  /// Vertices worth inserting at all (positive profit and at least one usable tour).
  let candidates: [Int]
  /// Per tour, the first tour with the same hours and windows: tours of one class can trade
  /// their stops whole.
  let tourClass: [Int]

  init(_ problem: OrienteeringProblem) {
    let size = problem.vertexCount
    let tours = problem.tours.count
    self.size = size
    self.tourCount = tours
    // A private copy: threads sharing one buffer would contend on its reference count.
    self.travel = problem.travelTimes.map { $0 }
    var service = [0.0]
    var real = [0.0]
    for place in problem.places {
      service.append(place.serviceDuration)
      real.append(place.profit)
    }
    self.service = service
    self.realProfit = real
    let totalProfit = real.reduce(0) { $0 + max($1, 0) }
    let bonus = totalProfit + 1
    self.requiredBonus = bonus
    var profit = real
    for (index, place) in problem.places.enumerated() where place.required {
      profit[index + 1] += bonus
    }
    self.profit = profit
    var open = [Double](repeating: .infinity, count: tours * size)
    var close = [Double](repeating: -.infinity, count: tours * size)
    var starts: [Double] = []
    var candidates: [Int] = []
    var usable = [Bool](repeating: false, count: size)
    for (t, tour) in problem.tours.enumerated() {
      starts.append(tour.start)
      open[t * size] = -.infinity
      close[t * size] = tour.end
      for (index, place) in problem.places.enumerated() {
        guard let window = place.windows[t], window.open <= window.close else { continue }
        open[t * size + index + 1] = window.open
        close[t * size + index + 1] = window.close
        usable[index + 1] = true
      }
    }
    for v in 1..<size where usable[v] && profit[v] > 0 { candidates.append(v) }
    self.open = open
    self.close = close
    self.tourStart = starts
    self.candidates = candidates
    self.tourClass = (0..<tours).map { t in
      (0..<t).first { u in
        starts[u] == starts[t]
          && open[(u * size)..<((u + 1) * size)] == open[(t * size)..<((t + 1) * size)]
          && close[(u * size)..<((u + 1) * size)] == close[(t * size)..<((t + 1) * size)]
      } ?? t
    }
  }

  /// Recomputes times and slacks of a route after any edit; routes are short, so a full pass
  /// is cheaper than tracking what changed.
  func retime(_ route: inout OrienteeringRoute, tour: Int) {
    let count = route.stops.count
    let base = tour * size
    route.start.removeAll(keepingCapacity: true)
    route.wait.removeAll(keepingCapacity: true)
    route.start.append(tourStart[tour])
    route.wait.append(0)
    var previous = 0
    var time = tourStart[tour]
    for p in 1..<count {
      let v = Int(route.stops[p])
      let arrival = time + service[previous] + travel[previous * size + v]
      let begin = max(arrival, open[base + v])
      route.start.append(begin)
      route.wait.append(begin - arrival)
      time = begin
      previous = v
    }
    if route.maxShift.count != count {
      route.maxShift = [Double](repeating: 0, count: count)
    }
    route.maxShift[count - 1] = close[base] - route.start[count - 1]
    var p = count - 2
    while p >= 0 {
      let v = Int(route.stops[p])
      let own = p == 0 ? Double.infinity : close[base + v] - route.start[p]
      route.maxShift[p] = min(own, route.wait[p + 1] + route.maxShift[p + 1])
      p -= 1
    }
  }

  func emptyRoute(tour: Int) -> OrienteeringRoute {
    var route = OrienteeringRoute(stops: [0, 0], start: [], wait: [], maxShift: [])
    retime(&route, tour: tour)
    return route
  }

  func emptyState() -> OrienteeringState {
    OrienteeringState(
      routes: (0..<tourCount).map { emptyRoute(tour: $0) },
      location: [Int32](repeating: -1, count: size), score: 0)
  }

  /// Cheapest feasible insertion of `v` into `route`: the delay it causes at the next stop and
  /// the gap index (insert after position `gap`). Returns shift = +inf when nowhere fits.
  @inline(__always)
  func bestInsertion(of v: Int, into route: OrienteeringRoute, tour: Int) -> (Double, Int) {
    let base = tour * size
    let vOpen = open[base + v]
    let vClose = close[base + v]
    if vClose == -.infinity { return (.infinity, -1) }
    let vService = service[v]
    var bestShift = Double.infinity
    var bestGap = -1
    route.stops.withUnsafeBufferPointer { stops in
      route.start.withUnsafeBufferPointer { start in
        route.wait.withUnsafeBufferPointer { wait in
          route.maxShift.withUnsafeBufferPointer { maxShift in
            travel.withUnsafeBufferPointer { d in
              service.withUnsafeBufferPointer { svc in
                let last = stops.count - 1
                let first = firstGap(start, maxShift, count: stops.count, need: vOpen + vService)
                var i = Int(stops[first])
                for p in first..<last {
                  // Starts only grow along a route, so once one passes the close, all do.
                  if start[p] > vClose { break }
                  let k = Int(stops[p + 1])
                  let leave = start[p] + svc[i]
                  let arrival = leave + d[i * size + v]
                  if arrival <= vClose + 1e-9 {
                    let begin = max(arrival, vOpen)
                    let shift = begin + vService + d[v * size + k] - leave - d[i * size + k]
                    if shift < bestShift && shift <= wait[p + 1] + maxShift[p + 1] + 1e-9 {
                      bestShift = shift
                      bestGap = p
                    }
                  }
                  i = k
                }
              }
            }
          }
        }
      }
    }
    return (bestShift, bestGap)
  }

  /// First gap `p` (insert between `p` and `p + 1`) worth checking for a place that cannot
  /// finish before `need`: the latest feasible start `start + maxShift` grows along a route, so
  /// the gaps whose next stop must start before `need` form a prefix found by bisection.
  @inline(__always)
  func firstGap(
    _ start: UnsafeBufferPointer<Double>, _ maxShift: UnsafeBufferPointer<Double>, count: Int,
    need: Double
  ) -> Int {
    // The margin keeps rounding in `start + maxShift` from skipping a gap that is just feasible.
    let target = need - 1e-6
    var low = 1
    var high = count - 1
    if start[high] + maxShift[high] < target { return high }
    while low < high {
      let mid = (low + high) >> 1
      if start[mid] + maxShift[mid] < target { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }

}
