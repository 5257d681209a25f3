import Foundation

/// Minimises unstaffed tasks, then workers: a greedy start, then worker elimination. Each time
/// every task is staffed, the worker whose tasks look easiest to place elsewhere is dropped and
/// a tabu search with ejection chains (put a task in, push the clashing ones out) and growing
/// task weights tries to staff everything again with the remaining workers.
final class RosterCountSearch {
  let engine: RosterEngine
  let budget: RosterBudget
  let progress: (@Sendable (RosterProgress) -> Void)?
  var active: [Bool]
  var tabuUntil: [Int]
  var iteration = 0
  /// Worker swaps done, and until which swap count each worker may not come back.
  var swapCount = 0
  var versatility: [Int] = []
  /// Failed drops in a row after which elimination gives up (nil: it runs to the budget).
  var failureLimit: Int?
  /// Iteration of the last smaller plan of the current run (restarts are measured from it).
  var lastGain = 0
  /// Tasks the search may actually move, when far fewer than all (repairs); sets patience.
  var movable: Int?
  /// Scratch of the chain search: visit stamps, parent links and the queue.
  var stamp = 0
  var visited: [Int]
  var parent: [Int]
  var chainQueue: [Int] = []
  var workerTabu: [Int]
  var bestPlan: [Int]
  var bestUsed: Int
  var bestPool: Int
  /// Unstaffed tasks accepted as "everything that can be staffed" (0 unless infeasible).
  var target = 0
  let lowerBound: Int

  init(
    _ engine: RosterEngine, budget: RosterBudget,
    progress: (@Sendable (RosterProgress) -> Void)?
  ) {
    self.engine = engine
    self.budget = budget
    self.progress = progress
    active = [Bool](repeating: true, count: engine.workerCount)
    tabuUntil = [Int](repeating: 0, count: engine.taskCount * engine.workerCount)
    workerTabu = [Int](repeating: 0, count: engine.workerCount)
    visited = [Int](repeating: 0, count: engine.taskCount)
    parent = [Int](repeating: -1, count: engine.taskCount)
    bestPlan = engine.workerOf
    bestUsed = Int.max
    bestPool = Int.max
    let staffable = (0..<engine.taskCount).filter { !engine.hopeless[$0] }
    lowerBound = engine.maxOverlap(staffable)
  }

  func run() {
    construct()
    staffEverything()
    eliminateWorkers()
    engine.restore(bestPlan)
  }

  /// Greedy by start time: each task goes to the used worker it fits most snugly after (or
  /// one already holding its group), else opens the most versatile free worker. With `noisy`,
  /// both preferences are perturbed so that restarts explore other plans.
  func construct(noisy: Bool = false) {
    let e = engine
    for (t, w) in zip(0..<e.taskCount, e.previous) where w >= 0 && w < e.workerCount {
      if e.workerOf[t] < 0 && !e.hopeless[t] && e.fits(t, w) { e.assign(t, w) }
    }
    let order = e.pool.sorted { (e.start[$0], $0) < (e.start[$1], $1) }
    if versatility.isEmpty {
      versatility = (0..<e.workerCount).map { w in
        (0..<e.taskCount).reduce(0) { $0 + (e.canDo[w * e.taskCount + $1] ? 1 : 0) }
      }
    }
    for t in order {
      var bestWorker = -1
      var bestKey = (Int.min, Int.min)
      for w in e.eligible[t] where active[w] && e.fits(t, w) {
        let list = e.lists[w]
        let key: (Int, Int)
        if list.isEmpty {
          let scale = noisy ? 500 + e.rng.below(1000) : 1000
          key = (0, versatility[w] * scale)
        } else {
          let sameGroup = e.group[t] >= 0 && list.contains { e.group[$0] == e.group[t] }
          let position = e.firstIndex(list, atOrAfter: e.start[t], id: t)
          let snug = position > 0 ? e.end[list[position - 1]] : Int.min / 2
          key = (sameGroup ? 2 : 1, snug - (noisy ? e.rng.below(e.duration[t] + 1) : 0))
        }
        if key > bestKey {
          bestKey = key
          bestWorker = w
        }
      }
      if bestWorker >= 0 { e.assign(t, bestWorker) }
    }
    record()
  }

  /// Keeps the plan if it beats the best: fewer unstaffed tasks, then fewer workers.
  @discardableResult
  func record() -> Bool {
    let e = engine
    guard (e.pool.count, e.usedCount) < (bestPool, bestUsed) else { return false }
    bestPool = e.pool.count
    bestUsed = e.usedCount
    bestPlan = e.workerOf
    progress?(
      RosterProgress(
        elapsed: budget.elapsed, iterations: iteration, workersUsed: bestUsed,
        unassigned: bestPool))
    return true
  }

  /// With every worker available, staff as many tasks as possible; the count reached becomes
  /// the target the elimination phase must keep.
  ///
  /// When some tasks cannot all be staffed this phase stops on a stall, and at most a fifth of
  /// the budget goes to it, so the worker count still gets its share.
  func staffEverything() {
    var stall = 0
    let patience = 5_000 + 5 * engine.taskCount
    let phase = budget.share(0.2, iterations: budget.iterationLimit.map { $0 / 5 })
    while !engine.pool.isEmpty && stall < patience && !phase.exhausted(iteration) {
      if stall % 500 == 0 {
        _ = augmentPool(nodeLimit: 200 + 2 * engine.taskCount)
        if engine.pool.isEmpty { break }
      }
      step(levelBest: bestPool)
      if record() { stall = 0 } else { stall += 1 }
    }
    record()
    engine.restore(bestPlan)
    target = bestPool
  }

  /// One move of the tabu search. Over the whole pool when it is small (else one random pooled
  /// task), the insertion whose pushed-out tasks weigh least, net of the inserted one, wins;
  /// a move is tabu when it puts a task back with a worker who recently pushed it out, unless
  /// it beats the level's best pool. At a local minimum (no move lowers the weight) every
  /// pooled task gets heavier, so tasks that keep failing end up placed first (weights are
  /// reset for each new worker count; decaying them made things worse).
  func step(levelBest: Int) {
    let e = engine
    iteration += 1
    var bestCost = Int.max
    var bestWorker = -1
    var bestTask = -1
    var ties = 0
    let whole = e.pool.count <= RosterTuning.wholePoolLimit
    let first = whole ? 0 : e.rng.below(e.pool.count)
    let last = whole ? e.pool.count : first + 1
    for index in first..<last {
      let t = e.pool[index]
      let row = t * e.workerCount
      for w in e.eligible[t] where active[w] {
        guard e.collectEjections(t, w) else { continue }
        var cost = -e.weight[t]
        for x in e.ejected { cost += e.weight[x] }
        if tabuUntil[row + w] > iteration && e.pool.count - 1 + e.ejected.count >= levelBest {
          continue
        }
        if cost < bestCost {
          bestCost = cost
          bestWorker = w
          bestTask = t
          ties = 1
        } else if cost == bestCost {
          ties += 1
          if e.rng.below(ties) == 0 {
            bestWorker = w
            bestTask = t
          }
        }
      }
    }
    if bestCost >= 0 {
      for x in e.pool { e.weight[x] += 1 }
    }
    guard bestWorker >= 0 else { return }
    let t = bestTask
    _ = e.collectEjections(t, bestWorker)
    // PartialCol's tenure: longer while many tasks wait, randomised against cycles.
    let tenure = 1 + e.pool.count * 6 / 10 + e.rng.below(10)
    for x in e.ejected {
      e.unassign(x)
      tabuUntil[x * e.workerCount + bestWorker] = iteration + tenure
    }
    e.assign(t, bestWorker)
  }
}

/// Constants of the search, tuned on the OR-Library files (data_59 mostly, the hardest of
/// the four for this method).
enum RosterTuning {
  /// Largest pool whose every task is evaluated at each step.
  static let wholePoolLimit = 64
  /// Stalled iterations before a worker swap: base (capped at 100 per task) + per task.
  static let patienceBase = 10_000
  static let patiencePerTask = 10
  /// Worker swaps before a drop is given up.
  static let swapsPerDrop = 30
  /// Failed drops in a row, or iterations per task without a smaller plan, before a restart.
  static let failuresBeforeRestart = 4
  static let restartIterationsPerTask = 300
  /// Stalled iterations between two rounds of ejection chains, and their breadth.
  static let chainPeriod = 500
  static let chainNodes = 2_000
}
