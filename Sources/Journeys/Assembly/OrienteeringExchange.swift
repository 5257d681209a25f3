import Foundation

/// Exchanges between tours: profit-neutral moves that free time in total, which relocation of
/// single stops cannot do when every stop fits only where the other tour's stop sits.
extension OrienteeringSearch {
  /// Swaps a stop of tour a with a stop of tour b, each taking the other's position, while the
  /// two tours together get back earlier; first improvement, repeated until none is left.
  mutating func swapBetweenRoutes(_ state: inout OrienteeringState) -> Bool {
    let m = data.tourCount
    if m < 2 { return false }
    var improved = false
    var rounds = 0
    var moved = true
    while moved && rounds < 20 {
      moved = false
      rounds += 1
      for a in 0..<(m - 1) {
        for b in (a + 1)..<m where swapOnce(&state, a, b) {
          moved = true
          improved = true
        }
      }
    }
    return improved
  }

  private mutating func swapOnce(_ state: inout OrienteeringState, _ a: Int, _ b: Int) -> Bool {
    let first = state.routes[a]
    let second = state.routes[b]
    let countA = first.stops.count
    let countB = second.stops.count
    if countA < 3 || countB < 3 { return false }
    data.summaries(first, tour: a, prefix: &prefix, suffix: &suffix)
    data.summaries(second, tour: b, prefix: &otherPrefix, suffix: &otherSuffix)
    let before = prefix[countA - 1].finish + otherPrefix[countB - 1].finish
    work += countA * countB
    for i in 1..<(countA - 1) {
      let v = Int(first.stops[i])
      let vInB = data.single(v, tour: b)
      if !vInB.feasible { continue }
      for j in 1..<(countB - 1) {
        let w = Int(second.stops[j])
        let wInA = data.single(w, tour: a)
        if !wInA.feasible { continue }
        let newA = data.concat(data.concat(prefix[i - 1], wInA), suffix[i + 1])
        if !newA.feasible { continue }
        let newB = data.concat(data.concat(otherPrefix[j - 1], vInB), otherSuffix[j + 1])
        if !newB.feasible || newA.finish + newB.finish >= before - 1e-6 { continue }
        var tourA = first
        var tourB = second
        tourA.stops[i] = Int32(w)
        tourB.stops[j] = Int32(v)
        data.retime(&tourA, tour: a)
        data.retime(&tourB, tour: b)
        guard data.isFeasible(tourA) && data.isFeasible(tourB) else { continue }
        state.routes[a] = tourA
        state.routes[b] = tourB
        state.location[v] = Int32(b)
        state.location[w] = Int32(a)
        return true
      }
    }
    return false
  }
}
