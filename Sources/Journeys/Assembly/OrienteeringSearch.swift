import Foundation

/// The moves of the metaheuristic, grouped with the scratch buffers they reuse so that an
/// iteration allocates almost nothing.
struct OrienteeringSearch: Sendable {
  let data: OrienteeringData
  var rng: OrienteeringRandom
  private var pool: [Int] = []
  private var factor: [Double] = []
  private var shifts: [Double] = []
  private var gaps: [Int] = []
  private var excluded: [Bool]
  /// Deterministic measure of effort (route positions examined), used to pace the annealing
  /// schedule like a clock would, without making the search depend on the machine.
  var work = 0
  var prefix: [OrienteeringSegment] = []
  var suffix: [OrienteeringSegment] = []
  var otherPrefix: [OrienteeringSegment] = []
  var otherSuffix: [OrienteeringSegment] = []

  init(data: OrienteeringData, seed: UInt64) {
    self.data = data
    self.rng = OrienteeringRandom(seed: seed)
    self.excluded = [Bool](repeating: false, count: data.size)
  }

  /// Inserts `v` after position `gap` of route `r` and refreshes the route's slack.
  mutating func insert(_ v: Int, route r: Int, gap: Int, into state: inout OrienteeringState) {
    state.routes[r].stops.insert(Int32(v), at: gap + 1)
    data.retime(&state.routes[r], tour: r)
    state.location[v] = Int32(r)
    state.score += data.profit[v]
  }

  /// Greedy refill by profit² / delay, the ratio of Vansteenwegen et al.: the square favours
  /// valuable places over merely cheap ones. `noise` scales a per-place random bonus so that
  /// repeated repairs of the same gap explore different fillings.
  mutating func repair(_ state: inout OrienteeringState, noise: Double, useExcluded: Bool) {
    let m = data.tourCount
    pool.removeAll(keepingCapacity: true)
    factor.removeAll(keepingCapacity: true)
    for v in data.candidates where state.location[v] < 0 && !(useExcluded && excluded[v]) {
      pool.append(v)
      factor.append(noise > 0 ? 1 + noise * rng.unit() : 1)
    }
    shifts = [Double](repeating: .infinity, count: pool.count * m)
    gaps = [Int](repeating: -1, count: pool.count * m)
    for r in 0..<m { refresh(route: r, state: state) }
    prune()
    while !pool.isEmpty {
      var bestValue = 0.0
      var bestIndex = -1
      var bestRoute = -1
      for c in 0..<pool.count {
        let weight = factor[c] * data.profit[pool[c]] * data.profit[pool[c]]
        for r in 0..<m {
          let shift = shifts[c * m + r]
          if shift == .infinity { continue }
          let value = weight / max(shift, 1e-2)
          if value > bestValue {
            bestValue = value
            bestIndex = c
            bestRoute = r
          }
        }
      }
      if bestIndex < 0 { break }
      let v = pool[bestIndex]
      insert(v, route: bestRoute, gap: gaps[bestIndex * m + bestRoute], into: &state)
      remove(at: bestIndex)
      refresh(route: bestRoute, state: state)
      prune()
    }
  }

  private mutating func refresh(route r: Int, state: OrienteeringState) {
    let m = data.tourCount
    work += pool.count * state.routes[r].stops.count
    for c in 0..<pool.count {
      let (shift, gap) = data.bestInsertion(of: pool[c], into: state.routes[r], tour: r)
      shifts[c * m + r] = shift
      gaps[c * m + r] = gap
    }
  }

  /// Drops places that fit nowhere: insertions only tighten routes, so they rarely come back,
  /// and skipping them keeps each refill step proportional to the places still in play.
  private mutating func prune() {
    let m = data.tourCount
    var c = 0
    while c < pool.count {
      var fits = false
      for r in 0..<m where shifts[c * m + r] != .infinity {
        fits = true
        break
      }
      if fits { c += 1 } else { remove(at: c) }
    }
  }

  private mutating func remove(at c: Int) {
    let m = data.tourCount
    let last = pool.count - 1
    pool[c] = pool[last]
    factor[c] = factor[last]
    for r in 0..<m {
      shifts[c * m + r] = shifts[last * m + r]
      gaps[c * m + r] = gaps[last * m + r]
    }
    pool.removeLast()
    factor.removeLast()
    shifts.removeLast(m)
    gaps.removeLast(m)
  }

  /// Swaps a visited place for a more valuable unvisited one at the same position, then refills;
  /// this escapes the common trap where a route is full of cheap places.
  mutating func replaceMoves(_ state: inout OrienteeringState) {
    var rounds = 0
    while rounds < 50 {
      rounds += 1
      var bestGain = 1e-9
      var bestV = -1
      var bestRoute = -1
      var bestPos = -1
      for route in state.routes { work += route.stops.count * 4 }
      for v in data.candidates where state.location[v] < 0 {
        let pv = data.profit[v]
        for r in 0..<data.tourCount {
          let base = r * data.size
          let vClose = data.close[base + v]
          if vClose == -.infinity { continue }
          let route = state.routes[r]
          let count = route.stops.count
          if count < 3 { continue }
          for p in 1..<(count - 1) {
            if route.start[p - 1] > vClose { break }
            let w = Int(route.stops[p])
            let gain = pv - data.profit[w]
            if gain <= bestGain { continue }
            let i = Int(route.stops[p - 1])
            let k = Int(route.stops[p + 1])
            let leave = route.start[p - 1] + data.service[i]
            let arrival = leave + data.travel[i * data.size + v]
            if arrival > vClose + 1e-9 { continue }
            let begin = max(arrival, data.open[base + v])
            let newNext = begin + data.service[v] + data.travel[v * data.size + k]
            let oldNext = route.start[p] + data.service[w] + data.travel[w * data.size + k]
            if newNext - oldNext <= route.wait[p + 1] + route.maxShift[p + 1] + 1e-9 {
              bestGain = gain
              bestV = v
              bestRoute = r
              bestPos = p
            }
          }
        }
      }
      if bestV < 0 { return }
      let w = Int(state.routes[bestRoute].stops[bestPos])
      state.routes[bestRoute].stops[bestPos] = Int32(bestV)
      data.retime(&state.routes[bestRoute], tour: bestRoute)
      state.location[w] = -1
      state.location[bestV] = Int32(bestRoute)
      state.score += data.profit[bestV] - data.profit[w]
      repair(&state, noise: 0, useExcluded: false)
    }
  }

  /// Removes visits to open room: either one consecutive stretch per tour (the ILS shake, which
  /// frees contiguous time) or scattered places. Removed places are remembered so the next
  /// refill can be told to try everything else first.
  mutating func perturb(_ state: inout OrienteeringState, strength: Double) {
    for v in 0..<data.size { excluded[v] = false }
    if rng.below(2) == 0 {
      for r in 0..<data.tourCount {
        let count = state.routes[r].visitCount
        if count == 0 { continue }
        // At least two stops, or short tours could only ever swap one place at a time.
        let maxLength = min(count, max(2, Int((Double(count) * strength).rounded())))
        let length = 1 + rng.below(maxLength)
        let first = 1 + rng.below(count - length + 1)
        for p in first..<(first + length) { drop(Int(state.routes[r].stops[p]), from: &state) }
        state.routes[r].stops.removeSubrange(first..<(first + length))
        data.retime(&state.routes[r], tour: r)
      }
    } else {
      var total = 0
      for route in state.routes { total += route.visitCount }
      if total == 0 { return }
      let quota = 1 + rng.below(max(4, Int((Double(total) * strength).rounded())))
      for _ in 0..<quota {
        var pick = rng.below(total)
        var r = 0
        while pick >= state.routes[r].visitCount {
          pick -= state.routes[r].visitCount
          r += 1
        }
        drop(Int(state.routes[r].stops[pick + 1]), from: &state)
        state.routes[r].stops.remove(at: pick + 1)
        data.retime(&state.routes[r], tour: r)
        total -= 1
        if total == 0 { break }
      }
    }
  }

  private mutating func drop(_ v: Int, from state: inout OrienteeringState) {
    state.location[v] = -1
    state.score -= data.profit[v]
    excluded[v] = true
  }
}
