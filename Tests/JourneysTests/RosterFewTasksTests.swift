import Foundation
import Testing

@testable import Journeys

/// The exact search for a few unpinned tasks (one new programme among a day's staffed visits)
/// against every assignment of those tasks, scored by `RosterChecker`.
@Suite("RosterFewTasks")
struct RosterFewTasksTests {
  /// A tiny problem whose tasks are pinned as a valid plan staffs them, but up to four and
  /// those the plan left unstaffed; the free tasks share a group key in half the problems.
  static func fewTasksProblem(_ random: inout RosterSolverTests.Random, index: Int)
    -> RosterProblem
  {
    var problem = RosterSolverTests.tinyProblem(&random, rich: index % 2 == 1)
    let plan = RosterSolver.solve(problem, options: .init(seed: 1, iterationLimit: 500))
    var freeLeft = 1 + random.below(4)
    for (task, worker) in plan.assignment.workerOfTask.enumerated() {
      if let worker, freeLeft == 0 || random.below(3) > 0 {
        problem.pinned[task] = worker
      } else {
        if freeLeft > 0 { freeLeft -= 1 }
        if index % 4 < 2 { problem.tasks[task].group = 0 }
      }
    }
    return problem
  }

  /// The best score over every assignment of the unpinned tasks, nil when none is valid.
  static func bruteForce(_ problem: RosterProblem) -> (workers: Int, squares: Int, splits: Int)? {
    let free = problem.tasks.indices.filter { problem.pinned[$0] == nil }
    var plan = RosterAssignment(workerOfTask: problem.tasks.map { _ in nil })
    for (task, worker) in problem.pinned { plan.workerOfTask[task] = worker }
    var best: (workers: Int, squares: Int, splits: Int)?
    func search(_ index: Int) {
      guard index < free.count else {
        guard RosterChecker.check(problem, plan).isEmpty else { return }
        let score = RosterChecker.score(problem, plan)
        let key = (score.workersUsed, score.sumOfSquares, score.groupSplits)
        if best == nil || key < (best!.workers, best!.squares, best!.splits) { best = key }
        return
      }
      for worker in problem.workers.indices {
        plan.workerOfTask[free[index]] = worker
        search(index + 1)
      }
      plan.workerOfTask[free[index]] = nil
    }
    search(0)
    return best
  }

  @Test(arguments: 0..<6)
  func findsTheBestPlanOfTheFreeTasksOrSaysThereIsNone(batch: Int) {
    var random = RosterSolverTests.Random(state: UInt64(7_000 + batch))
    var solved = 0
    for index in 0..<40 {
      let problem = Self.fewTasksProblem(&random, index: index)
      guard problem.tasks.count - problem.pinned.count <= RosterFewTasks.limit else { continue }
      let truth = Self.bruteForce(problem)
      let found = RosterFewTasks.solve(problem)
      #expect((found == nil) == (truth == nil), "batch \(batch) #\(index)")
      guard let found, let truth else { continue }
      solved += 1
      #expect(RosterSolver.check(problem, found).isEmpty, "batch \(batch) #\(index)")
      for (task, worker) in problem.pinned {
        #expect(found.workerOfTask[task] == worker, "batch \(batch) #\(index): pin moved")
      }
      let score = RosterChecker.score(problem, found)
      #expect(score.unassigned == 0)
      #expect(
        (score.workersUsed, score.sumOfSquares, score.groupSplits)
          == (truth.workers, truth.squares, truth.splits), "batch \(batch) #\(index)")
    }
    // Most problems have a plan: the comparison is not only of nils.
    #expect(solved >= 12)
  }

  @Test func aDayOfSixNewVisitsHasEveryGroupingTried() {
    #expect(RosterFewTasks.Search.partitions(6).count == 203)
    #expect(
      RosterFewTasks.Search.partitions(3).map { $0.sorted() }.sorted {
        $0.lexicographicallyPrecedes($1)
      } == [[1, 2, 4], [1, 6], [2, 5], [3, 4], [7]])
  }
}
