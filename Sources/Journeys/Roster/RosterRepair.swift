import Foundation

extension RosterSolver {
  /// Re-plans after a change (a worker became unavailable on some tasks, or eligibility
  /// changed): `problem` describes the new situation and `current` the plan in force.
  ///
  /// Every assignment of `current` that is still valid stays; the others are re-staffed with
  /// ejection chains, then the plan is polished with, in order: fewest changes from `current`,
  /// fewest workers, one worker per group key, fair loads. Fast: it only works around the
  /// displaced tasks (default budget one second).
  public static func repair(
    _ problem: RosterProblem, current: RosterAssignment, options: RosterOptions = RosterOptions()
  ) -> RosterSolution {
    var problem = problem
    problem.previous = current.dictionary
    let budget = RosterBudget(
      seconds: options.timeLimit ?? (options.iterationLimit == nil ? 1 : nil),
      iterations: options.iterationLimit)
    let engine = RosterEngine(problem, seed: options.seed)
    for (t, w) in current.workerOfTask.enumerated() {
      guard let w, w >= 0, w < engine.workerCount, engine.workerOf[t] < 0, !engine.hopeless[t]
      else { continue }
      if engine.fits(t, w) { engine.assign(t, w) }
    }
    let search = RosterCountSearch(
      engine, budget: budget.share(0.7, iterations: options.iterationLimit),
      progress: options.progress)
    search.restaff()
    // Workers opened by the repair may be consolidated, but only by moving tasks that moved
    // anyway: the others are pinned for the while, so stability keeps its priority.
    if engine.pool.isEmpty {
      let pins = engine.pin
      for t in 0..<engine.taskCount where engine.workerOf[t] >= 0 && engine.pin[t] < 0 {
        if engine.workerOf[t] == engine.previous[t] { engine.pin[t] = engine.workerOf[t] }
      }
      search.failureLimit = 3
      search.movable = (0..<engine.taskCount).filter { engine.pin[$0] < 0 }.count
      search.eliminateWorkers()
      engine.restore(search.bestPlan)
      engine.pin = pins
    }
    let polish = RosterPolish(
      engine, order: [.changes, .workers, .groups, .fairness], fairness: options.fairness,
      budget: budget)
    polish.run()
    return solution(
      problem, engine, lowerBound: search.lowerBound,
      iterations: search.iteration + polish.iteration, budget: budget)
  }
}

extension RosterCountSearch {
  /// Staffs the pooled tasks of a mostly complete plan, disturbing it as little as possible:
  /// first a worker with room (preferring one who already works, and holds the task's group),
  /// then short ejection chains, then the tabu search with every worker available.
  func restaff() {
    let e = engine
    for t in e.pool.sorted(by: { (e.start[$0], $0) < (e.start[$1], $1) }) {
      var chosen = -1
      var bestKey = (Int.min, Int.min, Int.min)
      for w in e.eligible[t] where e.fits(t, w) {
        let sameGroup = e.group[t] >= 0 && e.lists[w].contains { e.group[$0] == e.group[t] }
        let key = (sameGroup ? 1 : 0, e.lists[w].isEmpty ? 0 : 1, -e.load[w])
        if key > bestKey {
          bestKey = key
          chosen = w
        }
      }
      if chosen >= 0 { e.assign(t, chosen) }
    }
    _ = augmentPool(nodeLimit: 4 * e.workerCount + 200)
    bestPool = Int.max
    record()
    var stall = 0
    while !e.pool.isEmpty && stall < 20_000 && !budget.exhausted(iteration) {
      step(levelBest: bestPool)
      if record() { stall = 0 } else { stall += 1 }
    }
    e.restore(bestPlan)
  }
}
