import Foundation

/// Entry points of the personnel task scheduler: plan from scratch, repair a plan, validate.
public enum RosterSolver {
  /// Plans every task: most tasks staffed, then fewest workers, then fair loads, then one
  /// worker per group key, then fewest changes from `problem.previous`. Pins are kept unless
  /// they are not eligible or clash with an earlier pin.
  ///
  /// Anytime: the best plan so far is returned when the time or iteration budget runs out.
  public static func solve(_ problem: RosterProblem, options: RosterOptions = RosterOptions())
    -> RosterSolution
  {
    let budget = RosterBudget(seconds: options.timeLimit, iterations: options.iterationLimit)
    let engine = RosterEngine(problem, seed: options.seed)
    // Most of the budget goes to the worker count; polishing the other objectives is cheap.
    let countBudget = budget.share(0.95, iterations: options.iterationLimit)
    let search = RosterCountSearch(engine, budget: countBudget, progress: options.progress)
    search.run()
    let polish = RosterPolish(
      engine, order: [.workers, .fairness, .groups, .changes], fairness: options.fairness,
      budget: budget)
    polish.run()
    return solution(
      problem, engine, lowerBound: search.lowerBound,
      iterations: search.iteration + polish.iteration, budget: budget)
  }

  /// Every rule the assignment breaks (empty when valid), computed independently of the
  /// solver's own bookkeeping.
  public static func check(_ problem: RosterProblem, _ assignment: RosterAssignment) -> [String] {
    RosterChecker.check(problem, assignment)
  }

  /// Wraps the engine's plan in the public result.
  static func solution(
    _ problem: RosterProblem, _ engine: RosterEngine, lowerBound: Int, iterations: Int,
    budget: RosterBudget
  ) -> RosterSolution {
    let assignment = engine.assignment
    let unassigned = (0..<engine.taskCount).filter { engine.workerOf[$0] < 0 }.map {
      RosterUnassigned(
        task: $0, reason: engine.hopeless[$0] ? .noEligibleWorker : .allEligibleBusy)
    }
    return RosterSolution(
      assignment: assignment, unassigned: unassigned,
      score: RosterChecker.score(problem, assignment), lowerBound: lowerBound,
      iterations: iterations, elapsed: budget.elapsed, droppedPins: engine.droppedPins)
  }
}
