import Foundation

/// Moves that keep the same places but shorten tours, so that the next refill finds room.
/// Each candidate is checked in O(1) with segment summaries; accepted moves are re-timed by the
/// incremental code and undone if it disagrees.
extension OrienteeringSearch {
  /// Shortens tours by reordering and moving stops, then refills the room it frees; reserved
  /// for new bests because it costs far more than a shake.
  mutating func polish(_ state: inout OrienteeringState) {
    let shortened = shortenRoutes(&state)
    let relocated = relocateBetweenRoutes(&state)
    let swapped = swapBetweenRoutes(&state)
    if shortened || relocated || swapped {
      repair(&state, noise: 0, useExcluded: false)
      replaceMoves(&state)
    }
  }

  /// Reorders stops inside each tour (2-opt and or-opt) while the tour gets back earlier.
  mutating func shortenRoutes(_ state: inout OrienteeringState) -> Bool {
    var improved = false
    for r in 0..<data.tourCount {
      var passes = 0
      while passes < 30 && improveOnce(&state.routes[r], tour: r) {
        passes += 1
        improved = true
      }
    }
    return improved
  }

  private mutating func improveOnce(_ route: inout OrienteeringRoute, tour: Int) -> Bool {
    let count = route.stops.count
    if count < 4 { return false }
    data.summaries(route, tour: tour, prefix: &prefix, suffix: &suffix)
    let target = prefix[count - 1].finish - 1e-6
    let last = count - 1
    // 2-opt: reverse stops i...j.
    for i in 1..<(last - 1) {
      var reversed = data.single(Int(route.stops[i]), tour: tour)
      for j in (i + 1)..<last {
        reversed = data.concat(data.single(Int(route.stops[j]), tour: tour), reversed)
        if !reversed.feasible { break }
        let whole = data.concat(data.concat(prefix[i - 1], reversed), suffix[j + 1])
        if whole.feasible && whole.finish < target {
          var trial = route
          trial.stops[i...j].reverse()
          if commit(trial, into: &route, tour: tour) { return true }
        }
      }
    }
    // Or-opt: move the block i..<i+length elsewhere in the same tour.
    for length in 1...3 {
      if length > count - 3 { break }
      for i in 1...(last - length) {
        let end = i + length - 1
        var block = data.single(Int(route.stops[i]), tour: tour)
        for p in (i + 1)..<(i + length) {
          block = data.concat(block, data.single(Int(route.stops[p]), tour: tour))
        }
        if !block.feasible { continue }
        // Forward: after stop k > end.
        var middle = OrienteeringSegment(
          duration: 0, earliest: 0, latest: 0, first: 0, last: 0, feasible: false)
        for k in (end + 1)..<last {
          let single = data.single(Int(route.stops[k]), tour: tour)
          middle = k == end + 1 ? single : data.concat(middle, single)
          let head = data.concat(prefix[i - 1], middle)
          if !head.feasible { break }
          let whole = data.concat(data.concat(head, block), suffix[k + 1])
          if whole.feasible && whole.finish < target {
            var trial = route
            let moved = Array(trial.stops[i...end])
            trial.stops.removeSubrange(i...end)
            trial.stops.insert(contentsOf: moved, at: k - length + 1)
            if commit(trial, into: &route, tour: tour) { return true }
          }
        }
        // Backward: before stop k < i.
        var k = i - 1
        while k >= 1 {
          let single = data.single(Int(route.stops[k]), tour: tour)
          middle = k == i - 1 ? single : data.concat(single, middle)
          if !middle.feasible { break }
          let whole = data.concat(
            data.concat(data.concat(prefix[k - 1], block), middle), suffix[end + 1])
          if whole.feasible && whole.finish < target {
            var trial = route
            let moved = Array(trial.stops[i...end])
            trial.stops.removeSubrange(i...end)
            trial.stops.insert(contentsOf: moved, at: k)
            if commit(trial, into: &route, tour: tour) { return true }
          }
          k -= 1
        }
      }
    }
    return false
  }

  /// Moves single stops between tours when the donor saves more time than the receiver loses.
  mutating func relocateBetweenRoutes(_ state: inout OrienteeringState) -> Bool {
    let m = data.tourCount
    if m < 2 { return false }
    var improved = false
    for a in 0..<m {
      for b in 0..<m where b != a {
        var moved = true
        while moved {
          moved = false
          let donor = state.routes[a]
          let receiver = state.routes[b]
          if donor.stops.count < 3 { break }
          data.summaries(donor, tour: a, prefix: &prefix, suffix: &suffix)
          data.summaries(receiver, tour: b, prefix: &otherPrefix, suffix: &otherSuffix)
          let donorEnd = prefix[donor.stops.count - 1].finish
          let receiverEnd = otherPrefix[receiver.stops.count - 1].finish
          search: for i in 1..<(donor.stops.count - 1) {
            let shorter = data.concat(prefix[i - 1], suffix[i + 1])
            if !shorter.feasible { continue }
            let saving = donorEnd - shorter.finish
            if saving <= 1e-6 { continue }
            let v = Int(donor.stops[i])
            let alone = data.single(v, tour: b)
            if !alone.feasible { continue }
            for k in 0..<(receiver.stops.count - 1) {
              let head = data.concat(otherPrefix[k], alone)
              if !head.feasible { continue }
              let whole = data.concat(head, otherSuffix[k + 1])
              if whole.feasible && whole.finish - receiverEnd < saving - 1e-6 {
                var newDonor = donor
                var newReceiver = receiver
                newDonor.stops.remove(at: i)
                newReceiver.stops.insert(Int32(v), at: k + 1)
                data.retime(&newDonor, tour: a)
                data.retime(&newReceiver, tour: b)
                if data.isFeasible(newDonor) && data.isFeasible(newReceiver) {
                  state.routes[a] = newDonor
                  state.routes[b] = newReceiver
                  state.location[v] = Int32(b)
                  moved = true
                  improved = true
                  break search
                }
              }
            }
          }
        }
      }
    }
    return improved
  }

  private func commit(
    _ trial: OrienteeringRoute, into route: inout OrienteeringRoute, tour: Int
  ) -> Bool {
    var timed = trial
    data.retime(&timed, tour: tour)
    guard data.isFeasible(timed) else { return false }
    route = timed
    return true
  }
}
