import Foundation

/// The secondary measures a polishing pass can rank, in an order chosen by the caller.
enum RosterTerm {
  case workers, fairness, groups, changes
}

/// Improves the secondary objectives of a complete plan by moving one task to another worker
/// or swapping two tasks, never unstaffing a task: first-improvement descent on the measures
/// compared lexicographically in `order`.
final class RosterPolish {
  let engine: RosterEngine
  let order: [RosterTerm]
  let fairness: RosterFairness
  let budget: RosterBudget
  var iteration = 0
  /// Dense group index per task (-1: none) and, per group, tasks held by each worker.
  var groupOf: [Int]
  var groupCounts: [[Int: Int]]
  var stabilityFirst: Bool { order.first == .changes }

  init(_ engine: RosterEngine, order: [RosterTerm], fairness: RosterFairness, budget: RosterBudget)
  {
    self.engine = engine
    self.order = order
    self.fairness = fairness
    self.budget = budget
    var dense: [Int: Int] = [:]
    groupOf = engine.group.map { key in
      guard key >= 0 else { return -1 }
      if let index = dense[key] { return index }
      dense[key] = dense.count
      return dense.count - 1
    }
    groupCounts = [[Int: Int]](repeating: [:], count: dense.count)
    for t in 0..<engine.taskCount where groupOf[t] >= 0 && engine.workerOf[t] >= 0 {
      groupCounts[groupOf[t]][engine.workerOf[t], default: 0] += 1
    }
  }

  /// Passes over the tasks in a seeded random order until one pass finds nothing, the budget
  /// runs out, or 200 passes (a safety cap that keeps iteration-limited runs finite).
  func run() {
    let e = engine
    var tasks = (0..<e.taskCount).filter { e.workerOf[$0] >= 0 && e.pin[$0] < 0 }
    for _ in 0..<200 {
      for i in stride(from: tasks.count - 1, to: 0, by: -1) {
        tasks.swapAt(i, e.rng.below(i + 1))
      }
      var improved = false
      for t in tasks {
        // When stability ranks first, a task still with its previous worker can only lose.
        if stabilityFirst && e.previous[t] >= 0 && e.previous[t] == e.workerOf[t] { continue }
        iteration += 1
        if budget.expired && iteration & 63 == 0 { return }
        if relocate(t) || swap(t) { improved = true }
      }
      if !groupCounts.isEmpty && reuniteGroups() { improved = true }
      if !improved || budget.expired { return }
    }
  }

  /// Moves t to the best other worker that can take it as things stand, if that improves.
  func relocate(_ t: Int) -> Bool {
    let e = engine
    let from = e.workerOf[t]
    for w in e.eligible[t] where w != from && e.fits(t, w) {
      if compare(t, from, w) < 0 {
        move(t, to: w)
        return true
      }
    }
    return false
  }

  /// Exchanges t with the one task that blocks it at another worker, if both fit and it helps.
  func swap(_ t: Int) -> Bool {
    let e = engine
    let from = e.workerOf[t]
    for w in e.eligible[t] where w != from && !e.lists[w].isEmpty {
      guard e.collectEjections(t, w), e.ejected.count == 1 else { continue }
      let u = e.ejected[0]
      guard e.pin[u] < 0, e.canDo[from * e.taskCount + u], e.fits(t, w, except: u),
        e.fits(u, from, except: t)
      else { continue }
      if compare(t, from, w, swapping: u) < 0 {
        e.unassign(u)
        move(t, to: w)
        e.assign(u, from)
        adjustGroups(u, from: w, to: from)
        return true
      }
    }
    return false
  }

  func move(_ t: Int, to w: Int) {
    let from = engine.workerOf[t]
    engine.unassign(t)
    engine.assign(t, w)
    adjustGroups(t, from: from, to: w)
  }

  func adjustGroups(_ t: Int, from: Int, to: Int) {
    let g = groupOf[t]
    guard g >= 0 else { return }
    groupCounts[g][from, default: 0] -= 1
    if groupCounts[g][from] == 0 { groupCounts[g][from] = nil }
    groupCounts[g][to, default: 0] += 1
  }

  /// Sign of the lexicographic change of moving t from worker a to b and, when u >= 0, u from
  /// b to a (a swap). Written without collections: it runs for every candidate move.
  func compare(_ t: Int, _ a: Int, _ b: Int, swapping u: Int = -1) -> Int {
    for term in order {
      let delta = change(term, t, a, b, u)
      if delta != 0 { return delta < 0 ? -1 : 1 }
    }
    return 0
  }

  /// Change of one measure for the move of `compare`.
  func change(_ term: RosterTerm, _ t: Int, _ a: Int, _ b: Int, _ u: Int) -> Int {
    let e = engine
    let moved = e.duration[t] - (u >= 0 ? e.duration[u] : 0)
    switch term {
    case .workers:
      guard u < 0 else { return 0 }
      return (e.lists[a].count == 1 ? -1 : 0) + (e.lists[b].isEmpty ? 1 : 0)
    case .fairness:
      let newA = e.load[a] - moved
      let newB = e.load[b] + moved
      let squares = newA * newA + newB * newB - e.load[a] * e.load[a] - e.load[b] * e.load[b]
      switch fairness {
      case .ignore: return 0
      case .sumOfSquares: return squares
      case .maximum:
        var oldMax = 0
        var others = 0
        for w in 0..<e.workerCount {
          oldMax = max(oldMax, e.load[w])
          if w != a && w != b { others = max(others, e.load[w]) }
        }
        return max(others, newA, newB) - oldMax
      }
    case .groups:
      return groupChange(t, a, b, u)
    case .changes:
      var delta = 0
      let p = e.previous[t]
      if p >= 0 { delta += (b != p ? 1 : 0) - (a != p ? 1 : 0) }
      if u >= 0 {
        let q = e.previous[u]
        if q >= 0 { delta += (a != q ? 1 : 0) - (b != q ? 1 : 0) }
      }
      return delta
    }
  }

  /// Change in (distinct workers per group key) for the move of `compare`.
  private func groupChange(_ t: Int, _ a: Int, _ b: Int, _ u: Int) -> Int {
    let g = groupOf[t]
    let h = u >= 0 ? groupOf[u] : -1
    if g < 0 && h < 0 { return 0 }
    if g >= 0 && g == h { return 0 }  // a swap inside one group leaves its workers alone
    var delta = 0
    if g >= 0 {
      let atA = groupCounts[g][a] ?? 0
      let atB = groupCounts[g][b] ?? 0
      delta += (atA == 1 ? -1 : 0) + (atB == 0 ? 1 : 0)
    }
    if h >= 0 {
      let atB = groupCounts[h][b] ?? 0
      let atA = groupCounts[h][a] ?? 0
      delta += (atB == 1 ? -1 : 0) + (atA == 0 ? 1 : 0)
    }
    return delta
  }
}
