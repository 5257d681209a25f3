import Foundation

/// The moves of the metaheuristic, grouped with the scratch buffers they reuse so that an
/// iteration allocates almost nothing.
struct OrienteeringSearch: Sendable {
  let data: OrienteeringData
  var rng: OrienteeringRandom
  /// Refill cache: places in play, their noise factor, and per (place, tour) the cheapest
  /// insertion delay and gap, so that only the tour just changed has to be re-examined.
  var pool: [Int] = []
  var factor: [Double] = []
  var shifts: [Double] = []
  var gaps: [Int] = []
  /// Index of each vertex in `pool`, -1 when absent.
  var slot: [Int]
  var excluded: [Bool]
  /// Candidates by decreasing profit, so the replace scan can stop once no gain is possible.
  let byProfit: [Int]
  var minProfit: [Double] = []
  /// Deterministic measure of effort (route positions examined), used to pace the annealing
  /// schedule like a clock would, without making the search depend on the machine.
  var work = 0
  var prefix: [OrienteeringSegment] = []
  var suffix: [OrienteeringSegment] = []
  var otherPrefix: [OrienteeringSegment] = []
  var otherSuffix: [OrienteeringSegment] = []
  /// Scratch list of the related removal: (relatedness, place).
  var relatedness: [(Double, Int)] = []

  init(data: OrienteeringData, seed: UInt64) {
    self.data = data
    self.rng = OrienteeringRandom(seed: seed)
    self.excluded = [Bool](repeating: false, count: data.size)
    self.slot = [Int](repeating: -1, count: data.size)
    self.byProfit = data.candidates.sorted {
      (data.profit[$0], -$0) > (data.profit[$1], -$1)
    }
  }

  /// Inserts `v` after position `gap` of route `r` and refreshes the route's slack.
  mutating func insert(_ v: Int, route r: Int, gap: Int, into state: inout OrienteeringState) {
    state.routes[r].stops.insert(Int32(v), at: gap + 1)
    data.retime(&state.routes[r], tour: r)
    state.location[v] = Int32(r)
    state.score += data.profit[v]
  }

  /// Removes visits to open room, by one of three shakes drawn at random: one consecutive
  /// stretch per tour (the ILS shake, which frees contiguous time), scattered places, or places
  /// related to one another. Removed places are remembered so the next refill can be told to try
  /// everything else first.
  mutating func perturb(_ state: inout OrienteeringState, strength: Double) {
    for v in 0..<data.size { excluded[v] = false }
    switch rng.below(3) {
    case 0: removeStretches(&state, strength: strength)
    case 1: removeScattered(&state, strength: strength)
    default: removeRelated(&state, strength: strength)
    }
  }

  private mutating func removeStretches(_ state: inout OrienteeringState, strength: Double) {
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
  }

  private mutating func removeScattered(_ state: inout OrienteeringState, strength: Double) {
    var total = state.visitCount
    if total == 0 { return }
    for _ in 0..<removalQuota(total, strength: strength) {
      let (r, p) = state.position(ofVisit: rng.below(total))
      drop(Int(state.routes[r].stops[p]), from: &state)
      state.routes[r].stops.remove(at: p)
      data.retime(&state.routes[r], tour: r)
      total -= 1
      if total == 0 { break }
    }
  }

  /// Removes a visit and the visits most related to it (Shaw's removal): near it in travel time
  /// and served near the same time of day, whichever tour they are on. Refilling such a group
  /// can hand a whole neighbourhood from one tour to another, which stretches and scattered
  /// removals rarely free at once. Without the time term it measured no better than the two
  /// other shakes alone.
  mutating func removeRelated(_ state: inout OrienteeringState, strength: Double) {
    let total = state.visitCount
    if total == 0 { return }
    let (seedRoute, seedPosition) = state.position(ofVisit: rng.below(total))
    let origin = Int(state.routes[seedRoute].stops[seedPosition])
    let served = state.routes[seedRoute].start[seedPosition]
    relatedness.removeAll(keepingCapacity: true)
    for route in state.routes {
      for p in 1..<(route.stops.count - 1) {
        let v = Int(route.stops[p])
        let distance =
          data.travel[origin * data.size + v] + Self.timeWeight * abs(route.start[p] - served)
        relatedness.append((distance, v))
      }
    }
    relatedness.sort { $0 < $1 }
    for (_, v) in relatedness.prefix(removalQuota(total, strength: strength)) {
      drop(v, from: &state)
    }
    let location = state.location
    for r in 0..<data.tourCount {
      let before = state.routes[r].stops.count
      state.routes[r].stops.removeAll { $0 != 0 && location[Int($0)] < 0 }
      if state.routes[r].stops.count != before { data.retime(&state.routes[r], tour: r) }
    }
  }

  /// Weight of the gap between times of service against travel time in the relatedness. On the
  /// hard benchmark rows (sum of shortfalls, seeds 1–3) 0.5 gave 685, 2 gave 731 and travel
  /// time alone 852.
  static let timeWeight = 0.5

  /// How many places a scattered or related shake removes: at least one, and up to `strength`
  /// of the visits (at least four, so small plans still move).
  private mutating func removalQuota(_ total: Int, strength: Double) -> Int {
    1 + rng.below(max(4, Int((Double(total) * strength).rounded())))
  }

  /// The best plan made of disjoint tours from `pool` if it beats `threshold`, refilled and
  /// improved by replacement; nil when no combination beats it.
  mutating func recombine(_ pool: OrienteeringRoutePool, beating threshold: Double)
    -> OrienteeringState?
  {
    guard let choice = pool.bestCombination(classes: data.tourClass, beating: threshold) else {
      return nil
    }
    var state = data.emptyState()
    for (tour, entry) in choice.enumerated() {
      guard let entry else { continue }
      state.routes[tour].stops = pool.stops[entry]
      data.retime(&state.routes[tour], tour: tour)
      // Same class means same windows, so this holds unless rounding disagrees.
      guard data.isFeasible(state.routes[tour]) else { return nil }
      for v in pool.stops[entry].dropFirst().dropLast() {
        state.location[Int(v)] = Int32(tour)
        state.score += data.profit[Int(v)]
      }
    }
    repair(&state, noise: 0, useExcluded: false)
    replaceMoves(&state)
    return state
  }

  private mutating func drop(_ v: Int, from state: inout OrienteeringState) {
    state.location[v] = -1
    state.score -= data.profit[v]
    excluded[v] = true
  }
}
