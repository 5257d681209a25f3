import Foundation

extension RosterPolish {
  /// Tries to give every task of a split group to one worker: single-task moves rarely
  /// reunite a group, since the first move alone only shifts which worker is the odd one out.
  /// Returns whether any group was improved.
  func reuniteGroups() -> Bool {
    let e = engine
    var members = [[Int]](repeating: [], count: groupCounts.count)
    for t in 0..<e.taskCount where groupOf[t] >= 0 && e.workerOf[t] >= 0 {
      members[groupOf[t]].append(t)
    }
    var improved = false
    for g in members.indices where groupCounts[g].count > 1 {
      if budget.expired { break }
      iteration += 1
      let holders = groupCounts[g].keys.sorted()
      for w in holders where gather(members[g], to: w) {
        improved = true
        break
      }
    }
    return improved
  }

  /// Moves the tasks to worker w if they all fit and the measures improve; else undoes.
  private func gather(_ tasks: [Int], to w: Int) -> Bool {
    let e = engine
    let moving = tasks.filter { e.workerOf[$0] != w }
    guard moving.allSatisfy({ e.pin[$0] < 0 && e.canDo[w * e.taskCount + $0] }) else {
      return false
    }
    let origin = moving.map { e.workerOf[$0] }
    let touched = Set(origin + [w])
    let before = measures(touched, tasks)
    var done = 0
    for t in moving {
      e.unassign(t)
      guard e.fits(t, w) else {
        e.assign(t, origin[done])
        break
      }
      e.assign(t, w)
      done += 1
    }
    if done == moving.count && lexicographicallyLess(measures(touched, tasks), before) {
      for (t, from) in zip(moving, origin) { adjustGroups(t, from: from, to: w) }
      return true
    }
    for (t, from) in zip(moving.prefix(done), origin) {
      e.unassign(t)
      e.assign(t, from)
    }
    return false
  }

  /// The measures in polishing order, restricted to what a group move can change.
  private func measures(_ workers: Set<Int>, _ tasks: [Int]) -> [Int] {
    let e = engine
    return order.map { term in
      switch term {
      case .workers:
        return e.usedCount
      case .fairness:
        switch fairness {
        case .ignore: return 0
        case .maximum: return e.load.max() ?? 0
        case .sumOfSquares: return workers.reduce(0) { $0 + e.load[$1] * e.load[$1] }
        }
      case .groups:
        return Set(tasks.map { e.workerOf[$0] }).count
      case .changes:
        return tasks.filter { e.previous[$0] >= 0 && e.workerOf[$0] != e.previous[$0] }.count
      }
    }
  }

  private func lexicographicallyLess(_ a: [Int], _ b: [Int]) -> Bool {
    for (x, y) in zip(a, b) where x != y { return x < y }
    return false
  }
}
