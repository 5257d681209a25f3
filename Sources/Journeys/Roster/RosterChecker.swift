import Foundation

/// An independent validator and scorer: it recomputes everything from the problem and the
/// plan, sharing no bookkeeping with the search, so a bug in one is caught by the other.
public enum RosterChecker {
  /// Every rule the plan breaks, in words; empty when the plan is valid.
  ///
  /// Unstaffed tasks are not violations (the solver reports them separately); pins are not
  /// checked because the solver may drop impossible ones.
  public static func check(_ problem: RosterProblem, _ assignment: RosterAssignment) -> [String] {
    var problems: [String] = []
    let tasks = problem.tasks
    guard assignment.workerOfTask.count == tasks.count else {
      return ["assignment has \(assignment.workerOfTask.count) entries for \(tasks.count) tasks"]
    }
    var byWorker = [[Int]](repeating: [], count: problem.workers.count)
    for (task, worker) in assignment.workerOfTask.enumerated() {
      guard let worker else { continue }
      guard problem.workers.indices.contains(worker) else {
        problems.append("task \(task): unknown worker \(worker)")
        continue
      }
      byWorker[worker].append(task)
    }
    for (worker, mine) in byWorker.enumerated() where !mine.isEmpty {
      let spec = problem.workers[worker]
      let eligible = Set(spec.eligibleTasks)
      for task in mine where !eligible.contains(task) {
        problems.append("task \(task): worker \(worker) is not eligible")
      }
      let ordered = mine.sorted { (tasks[$0].start, $0) < (tasks[$1].start, $1) }
      for (i, a) in ordered.enumerated() {
        for b in ordered[(i + 1)...] {
          if let clash = clash(a, b, worker: spec, problem) {
            problems.append("worker \(worker): tasks \(a) and \(b) \(clash)")
          }
        }
      }
      problems += limitViolations(worker, mine, problem)
    }
    return problems
  }

  /// Why one worker cannot do both tasks, or nil when he or she can.
  static func clash(_ a: Int, _ b: Int, worker: RosterWorker, _ problem: RosterProblem)
    -> String?
  {
    let x = problem.tasks[a]
    let y = problem.tasks[b]
    // Half-open intervals: one may start exactly when the other ends, plus travel if any.
    var there = 0
    var back = 0
    if let travel = problem.travel, let from = x.location, let to = y.location {
      there = travel.time(from: from, to: to)
      back = travel.time(from: to, to: from)
    }
    if !(x.end + there <= y.start || y.end + back <= x.start) {
      return there == 0 && back == 0 ? "overlap" : "overlap or leave no time to travel"
    }
    if let rest = worker.minimumRest, let dx = x.day, let dy = y.day {
      if dy == dx + 1 && y.start - x.end < rest { return "break the rest between days" }
      if dx == dy + 1 && x.start - y.end < rest { return "break the rest between days" }
    }
    return nil
  }

  /// Daily and weekly limits broken by one worker's tasks.
  static func limitViolations(_ worker: Int, _ mine: [Int], _ problem: RosterProblem)
    -> [String]
  {
    var problems: [String] = []
    let spec = problem.workers[worker]
    if let limit = spec.maxMinutesPerDay {
      var perDay: [Int: Int] = [:]
      for task in mine {
        if let day = problem.tasks[task].day {
          perDay[day, default: 0] += problem.tasks[task].duration
        }
      }
      for (day, total) in perDay.sorted(by: { $0.key < $1.key }) where total > limit {
        problems.append("worker \(worker): \(total) on day \(day), limit \(limit)")
      }
    }
    if let limit = spec.maxMinutesPerWeek {
      var perWeek: [Int: Int] = [:]
      for task in mine {
        if let week = problem.tasks[task].week {
          perWeek[week, default: 0] += problem.tasks[task].duration
        }
      }
      for (week, total) in perWeek.sorted(by: { $0.key < $1.key }) where total > limit {
        problems.append("worker \(worker): \(total) in week \(week), limit \(limit)")
      }
    }
    return problems
  }

  /// The measures of a plan, recomputed from scratch.
  public static func score(_ problem: RosterProblem, _ assignment: RosterAssignment)
    -> RosterScore
  {
    var load = [Int](repeating: 0, count: problem.workers.count)
    var used = Set<Int>()
    var unassigned = 0
    var groups: [Int: Set<Int>] = [:]
    for (task, worker) in assignment.workerOfTask.enumerated() {
      guard let worker, load.indices.contains(worker) else {
        unassigned += 1
        continue
      }
      used.insert(worker)
      load[worker] += problem.tasks[task].duration
      if let key = problem.tasks[task].group { groups[key, default: []].insert(worker) }
    }
    let changes = problem.previous.filter { task, worker in
      task < assignment.workerOfTask.count && assignment.workerOfTask[task] != worker
    }.count
    let broken = problem.pinned.filter { task, worker in
      task < assignment.workerOfTask.count && assignment.workerOfTask[task] != worker
    }.count
    return RosterScore(
      unassigned: unassigned, workersUsed: used.count,
      sumOfSquares: load.reduce(0) { $0 + $1 * $1 }, maximumLoad: load.max() ?? 0,
      groupSplits: groups.values.reduce(0) { $0 + $1.count - 1 }, changes: changes,
      brokenPins: broken)
  }
}
