import Foundation

extension RosterCountSearch {
  /// Drops one worker at a time from the best plan and repairs; when a repair stalls, goes
  /// back to the best plan and drops a different worker (the choice is noisy on purpose).
  ///
  /// After a few failed drops in a row the run starts afresh from a noisy greedy plan: the
  /// first plans found steer every later drop, and restarts stop one bad start from costing
  /// the whole budget.
  func eliminateWorkers() {
    guard bestPool <= target else { return }
    var runPlan = bestPlan
    var failures = 0
    var fruitless = 0
    while !budget.exhausted(iteration) {
      if target == 0 && bestUsed <= lowerBound { return }
      engine.restore(runPlan)
      for w in 0..<engine.workerCount { active[w] = !engine.lists[w].isEmpty }
      guard let dropped = workerToDrop(noise: failures == 0 ? 0.05 : 0.5) else { return }
      dismiss(dropped)
      if repair() {
        record()
        runPlan = engine.workerOf
        failures = 0
        fruitless = 0
        lastGain = iteration
        continue
      }
      failures += 1
      fruitless += 1
      if let failureLimit, fruitless >= failureLimit { return }
      let restart = failures >= RosterTuning.failuresBeforeRestart || restartDue
      guard restart && failureLimit == nil else { continue }
      failures = 0
      lastGain = iteration
      engine.restore(engine.pin)
      for w in 0..<engine.workerCount { active[w] = true }
      construct(noisy: true)
      if engine.pool.count > target && !repair() { continue }
      record()
      runPlan = engine.workerOf
    }
  }

  /// Whether the current run has gone too long without a smaller plan and should start over.
  var restartDue: Bool {
    failureLimit == nil
      && iteration - lastGain > RosterTuning.restartIterationsPerTask * engine.taskCount
  }

  /// Takes the worker out of the active set and sends his or her tasks back to the pool.
  func dismiss(_ w: Int) {
    active[w] = false
    for t in engine.lists[w] { engine.unassign(t) }
  }

  /// Tabu search until the pool is down to the target. When it stalls, the set of workers
  /// itself changes: a dismissed worker who could take the hardest pooled tasks comes back and
  /// another goes, since the best plan's workers may hold no smaller feasible subset.
  func repair() -> Bool {
    let e = engine
    for t in 0..<e.taskCount { e.weight[t] = 1 }
    var levelBest = e.pool.count
    var stall = 0
    var swaps = 0
    let size = movable ?? e.taskCount
    let patience = min(RosterTuning.patienceBase, 100 * size) + RosterTuning.patiencePerTask * size
    while e.pool.count > target {
      if budget.exhausted(iteration) { return false }
      if restartDue { return false }
      if stall >= patience {
        if swaps >= RosterTuning.swapsPerDrop || !swapWorkers() { return false }
        swaps += 1
        stall = 0
        levelBest = e.pool.count
      }
      if stall % RosterTuning.chainPeriod == 0 {
        _ = augmentPool(nodeLimit: RosterTuning.chainNodes)
        if e.pool.count <= target { break }
      }
      step(levelBest: levelBest)
      if e.pool.count < levelBest {
        levelBest = e.pool.count
        stall = 0
      } else {
        stall += 1
      }
    }
    return true
  }

  /// Brings back the inactive worker eligible for the heaviest pooled tasks (those the search
  /// keeps failing to place), gives him or her what fits, and dismisses the active worker
  /// whose tasks are easiest to place elsewhere.
  func swapWorkers() -> Bool {
    let e = engine
    var incoming = -1
    var bestScore = -1
    for w in 0..<e.workerCount where !active[w] && workerTabu[w] <= swapCount {
      var score = 0
      for t in e.pool where e.canDo[w * e.taskCount + t] { score += e.weight[t] }
      score += e.rng.below(1 + score / 4)
      if score > bestScore {
        bestScore = score
        incoming = w
      }
    }
    guard incoming >= 0, bestScore > 0 else { return false }
    swapCount += 1
    active[incoming] = true
    let pooled = e.pool.sorted { (e.weight[$0], $0) > (e.weight[$1], $1) }
    for t in pooled where e.fits(t, incoming) { e.assign(t, incoming) }
    guard let outgoing = workerToDrop(noise: 0.3, sparing: incoming) else { return false }
    dismiss(outgoing)
    workerTabu[outgoing] = swapCount + 5
    return true
  }

  /// The used worker whose tasks have the most free alternatives among the other active
  /// workers: each task counts 1 / (1 + workers that could take it as it stands).
  func workerToDrop(noise: Double, sparing: Int = -1) -> Int? {
    let e = engine
    var best: Int?
    var bestScore = Double.infinity
    for w in 0..<e.workerCount where active[w] && !e.lists[w].isEmpty && w != sparing {
      if e.lists[w].contains(where: { e.pin[$0] >= 0 }) { continue }
      var score = 0.0
      for t in e.lists[w] {
        var free = 0
        for other in e.eligible[t] where other != w && active[other] && e.fits(t, other) {
          free += 1
        }
        score += 1.0 / Double(1 + free)
      }
      let jitter = 1.0 + noise * Double(e.rng.below(1 << 20)) / Double(1 << 20)
      score *= jitter
      if score < bestScore {
        bestScore = score
        best = w
      }
    }
    return best
  }
}
