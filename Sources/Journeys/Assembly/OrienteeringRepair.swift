import Foundation

/// Greedy refill and the replace move, sharing one insertion cache: after any edit only the
/// changed tour is re-examined against the places in play, which is what dominates run time.
extension OrienteeringSearch {
  /// Greedy refill by profit² / delay, the ratio of Vansteenwegen et al.: the square favours
  /// valuable places over merely cheap ones. `noise` scales a per-place random bonus so that
  /// repeated repairs of the same gap explore different fillings.
  mutating func repair(_ state: inout OrienteeringState, noise: Double, useExcluded: Bool) {
    let m = data.tourCount
    clearPool()
    for v in data.candidates where state.location[v] < 0 && !(useExcluded && excluded[v]) {
      append(v, factor: noise > 0 ? 1 + noise * rng.unit() : 1)
    }
    for r in 0..<m { refresh(route: r, state: state) }
    fill(&state)
  }

  /// Inserts the best-ratio place until nothing fits, keeping the cache current.
  mutating func fill(_ state: inout OrienteeringState) {
    let m = data.tourCount
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
      refresh(route: bestRoute, state: state, afterInsertion: true)
      prune()
    }
  }

  /// Recomputes the cached insertions into route `r`. Right after an insertion into it, places
  /// that did not fit are skipped: an insertion only delays later stops and uses up waiting
  /// time, so (travel times obeying the triangle inequality, as `prune` also assumes) they
  /// still do not fit.
  mutating func refresh(route r: Int, state: OrienteeringState, afterInsertion: Bool = false) {
    let m = data.tourCount
    // Hoisted so the route's arrays are retained once, not once per place.
    let route = state.routes[r]
    for c in 0..<pool.count {
      if afterInsertion && shifts[c * m + r] == .infinity { continue }
      work += route.stops.count
      let (shift, gap) = data.bestInsertion(of: pool[c], into: route, tour: r)
      shifts[c * m + r] = shift
      gaps[c * m + r] = gap
    }
  }

  mutating func clearPool() {
    for v in pool { slot[v] = -1 }
    pool.removeAll(keepingCapacity: true)
    factor.removeAll(keepingCapacity: true)
    shifts.removeAll(keepingCapacity: true)
    gaps.removeAll(keepingCapacity: true)
  }

  /// Adds a place with no known insertion yet; callers refresh the tours they care about.
  mutating func append(_ v: Int, factor f: Double) {
    slot[v] = pool.count
    pool.append(v)
    factor.append(f)
    for _ in 0..<data.tourCount {
      shifts.append(.infinity)
      gaps.append(-1)
    }
  }

  /// Drops places that fit nowhere: insertions only tighten routes, so they rarely come back,
  /// and skipping them keeps each refill step proportional to the places still in play.
  mutating func prune() {
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

  mutating func remove(at c: Int) {
    let m = data.tourCount
    let last = pool.count - 1
    slot[pool[c]] = -1
    if c != last {
      pool[c] = pool[last]
      slot[pool[c]] = c
      factor[c] = factor[last]
      for r in 0..<m {
        shifts[c * m + r] = shifts[last * m + r]
        gaps[c * m + r] = gaps[last * m + r]
      }
    }
    pool.removeLast()
    factor.removeLast()
    shifts.removeLast(m)
    gaps.removeLast(m)
  }

  /// Swaps a visited place for a more valuable unvisited one at the same position, then refills;
  /// this escapes the common trap where a route is full of cheap places.
  ///
  /// Must follow a refill: it relies on every unvisited place outside the pool having been found
  /// not to fit anywhere, so that after a swap in tour r only tour r needs re-examining.
  mutating func replaceMoves(_ state: inout OrienteeringState) {
    let m = data.tourCount
    for c in 0..<factor.count { factor[c] = 1 }
    var rounds = 0
    while rounds < 50 {
      rounds += 1
      guard let (v, r, p, span) = bestReplacement(state) else { return }
      var freed: [Int] = []
      for q in p..<(p + span) { freed.append(Int(state.routes[r].stops[q])) }
      state.routes[r].stops.replaceSubrange(p..<(p + span), with: [Int32(v)])
      data.retime(&state.routes[r], tour: r)
      for w in freed {
        state.location[w] = -1
        state.score -= data.profit[w]
      }
      state.location[v] = Int32(r)
      state.score += data.profit[v]
      if slot[v] >= 0 { remove(at: slot[v]) }
      for u in data.candidates where state.location[u] < 0 && slot[u] < 0 {
        append(u, factor: 1)
      }
      // The freed places were never checked against the other tours.
      for w in freed {
        let c = slot[w]
        for t in 0..<m where t != r {
          let (shift, gap) = data.bestInsertion(of: w, into: state.routes[t], tour: t)
          shifts[c * m + t] = shift
          gaps[c * m + t] = gap
        }
      }
      refresh(route: r, state: state)
      fill(&state)
    }
  }

  /// Best profit-increasing swap of an unvisited place for one visit or two consecutive ones
  /// (tour, position, number replaced), or nil. Pairs matter where cheap places crowd a stretch
  /// that one valuable place with a narrow window needs whole.
  private mutating func bestReplacement(_ state: OrienteeringState) -> (Int, Int, Int, Int)? {
    let m = data.tourCount
    var bestGain = 1e-9
    var best: (Int, Int, Int, Int)? = nil
    minProfit.removeAll(keepingCapacity: true)
    for route in state.routes {
      work += route.stops.count * 4
      var low = Double.infinity
      for p in 1..<(route.stops.count - 1) { low = min(low, data.profit[Int(route.stops[p])]) }
      minProfit.append(low)
    }
    let size = data.size
    for r in 0..<m {
      let route = state.routes[r]
      let count = route.stops.count
      if count < 3 { continue }
      let base = r * size
      route.stops.withUnsafeBufferPointer { stops in
        route.start.withUnsafeBufferPointer { start in
          route.maxShift.withUnsafeBufferPointer { maxShift in
            data.travel.withUnsafeBufferPointer { d in
              for v in byProfit {
                let pv = data.profit[v]
                // Sorted by profit: once the cheapest visit cannot be beaten, nothing later can.
                if pv - minProfit[r] <= bestGain { break }
                if state.location[v] >= 0 { continue }
                let vClose = data.close[base + v]
                if vClose == -.infinity { continue }
                let vOpen = data.open[base + v]
                let sv = data.service[v]
                let first = data.firstGap(start, maxShift, count: count, need: vOpen + sv)
                // A pair ending at `first` is still worth checking: its next stop lies beyond.
                for p in max(first - 1, 1)..<(count - 1) {
                  if start[p - 1] > vClose { break }
                  let i = Int(stops[p - 1])
                  let arrival = start[p - 1] + data.service[i] + d[i * size + v]
                  if arrival > vClose + 1e-9 { continue }
                  let leave = max(arrival, vOpen) + sv
                  let w = Int(stops[p])
                  let gain = pv - data.profit[w]
                  if gain <= bestGain { continue }
                  // The next stop must still start by its latest feasible start.
                  let k = Int(stops[p + 1])
                  if leave + d[v * size + k] <= start[p + 1] + maxShift[p + 1] + 1e-9 {
                    bestGain = gain
                    best = (v, r, p, 1)
                    continue
                  }
                  if p + 2 >= count { continue }
                  let pairGain = gain - data.profit[k]
                  if pairGain <= bestGain { continue }
                  let after = Int(stops[p + 2])
                  if leave + d[v * size + after] <= start[p + 2] + maxShift[p + 2] + 1e-9 {
                    bestGain = pairGain
                    best = (v, r, p, 2)
                  }
                }
              }
            }
          }
        }
      }
    }
    return best
  }
}
