import Foundation

@testable import Journeys

/// A brute-force solver for tiny problems (a dozen tasks, a handful of workers), used by the
/// tests to check that the heuristic reaches the true optimum. It shares no code with the
/// search: clashes and limits come from `RosterChecker`.
enum RosterExhaustive {
  /// The most tasks any plan staffs, and the fewest workers among plans staffing that many.
  /// Pins and previous assignments are ignored. Exponential: keep problems tiny.
  static func optimum(_ problem: RosterProblem) -> (staffed: Int, workers: Int) {
    let n = problem.tasks.count
    let workers = problem.workers.count
    let eligible = (0..<n).map { t in
      (0..<workers).filter { problem.workers[$0].eligibleTasks.contains(t) }
    }
    // Clash table per worker, since the rest rule depends on the worker.
    let clash = (0..<workers).map { w in
      (0..<n).map { a in
        (0..<n).map { b in
          a != b && RosterChecker.clash(a, b, worker: problem.workers[w], problem) != nil
        }
      }
    }
    var plan = [Int?](repeating: nil, count: n)
    var bestStaffed = -1
    var bestWorkers = Int.max
    func canTake(_ t: Int, _ w: Int, allowed: Set<Int>) -> Bool {
      guard allowed.contains(w) else { return false }
      for u in 0..<t where plan[u] == w && clash[w][t][u] { return false }
      plan[t] = w
      let ok = RosterChecker.limitViolations(
        w, (0...t).filter { plan[$0] == w }, problem
      ).isEmpty
      plan[t] = nil
      return ok
    }
    // Depth-first over tasks: each goes to an allowed worker or stays unstaffed.
    func search(_ t: Int, staffed: Int, allowed: Set<Int>, needed: Int) -> Bool {
      if staffed + (n - t) < needed { return false }
      if t == n {
        bestStaffed = max(bestStaffed, staffed)
        return staffed >= needed
      }
      for w in eligible[t] where canTake(t, w, allowed: allowed) {
        plan[t] = w
        let found = search(t + 1, staffed: staffed + 1, allowed: allowed, needed: needed)
        plan[t] = nil
        if found { return true }
      }
      return search(t + 1, staffed: staffed, allowed: allowed, needed: needed)
    }
    let everyone = Set(0..<workers)
    var staffable = n
    while staffable > 0 && !search(0, staffed: 0, allowed: everyone, needed: staffable) {
      staffable -= 1
    }
    if staffable == 0 { return (0, 0) }
    for size in 1...workers {
      for mask in 0..<(1 << workers) where mask.nonzeroBitCount == size {
        let allowed = Set((0..<workers).filter { mask & (1 << $0) != 0 })
        if search(0, staffed: 0, allowed: allowed, needed: staffable) {
          bestWorkers = size
          return (staffable, bestWorkers)
        }
      }
    }
    return (staffable, workers)
  }
}
