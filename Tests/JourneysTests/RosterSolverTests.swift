import Foundation
import Testing

@testable import Journeys

/// The guide planner's solver against exhaustive search on tiny problems, with travel, days,
/// limits and rest in half of them.
@Suite("RosterSolver")
struct RosterSolverTests {
  struct Random {
    var state: UInt64
    mutating func below(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  /// Up to 9 tasks and 5 workers; `rich` adds locations with travel, days, limits and rest.
  static func tinyProblem(_ random: inout Random, rich: Bool) -> RosterProblem {
    let taskCount = 3 + random.below(7)
    let workerCount = 1 + random.below(5)
    var tasks: [RosterTask] = []
    for _ in 0..<taskCount {
      let day = rich ? random.below(3) : 0
      let start = day * 100 + random.below(30)
      var task = RosterTask(start: start, end: start + 1 + random.below(10))
      if rich {
        task.location = random.below(3)
        task.day = day
        task.week = 0
      }
      tasks.append(task)
    }
    let workers = (0..<workerCount).map { _ in
      RosterWorker(
        eligibleTasks: (0..<taskCount).filter { _ in random.below(10) < 6 },
        maxMinutesPerDay: rich && random.below(2) == 0 ? 8 + random.below(10) : nil,
        maxMinutesPerWeek: rich && random.below(3) == 0 ? 15 + random.below(20) : nil,
        minimumRest: rich && random.below(2) == 0 ? 70 + random.below(30) : nil)
    }
    let travel =
      rich ? RosterTravel(locationCount: 3) { a, b in a == b ? 0 : 1 + (a + b) % 3 } : nil
    return RosterProblem(tasks: tasks, workers: workers, travel: travel)
  }

  @Test(arguments: 0..<8)
  func reachesTheExhaustiveOptimumAndReplaysItsSeed(batch: Int) {
    var random = Random(state: UInt64(1_000 + batch))
    for index in 0..<25 {
      let problem = Self.tinyProblem(&random, rich: index % 2 == 1)
      let truth = RosterExhaustive.optimum(problem)
      let options = RosterOptions(seed: UInt64(index), iterationLimit: 5_000)
      let first = RosterSolver.solve(problem, options: options)
      let second = RosterSolver.solve(problem, options: options)
      #expect(RosterSolver.check(problem, first.assignment).isEmpty)
      #expect(first.assignment == second.assignment)
      let staffed = problem.tasks.count - first.unassigned.count
      #expect(staffed == truth.staffed, "batch \(batch) #\(index)")
      #expect(first.assignment.workersUsed == truth.workers, "batch \(batch) #\(index)")
    }
  }

  @Test func aBenchmarkFileIsReadHalfOpen() throws {
    let problem = try RosterBenchmarkFile.parse(
      """
      # two workers, three tasks
      Type = 1
      Jobs = 3
        0 10
        5 15
        10 20
      Qualifications = 2
      3: 0 1 2
      2: 1 2
      """)
    #expect(problem.tasks.map(\.start) == [0, 5, 10])
    #expect(problem.workers.map(\.eligibleTasks) == [[0, 1, 2], [1, 2]])
    let solution = RosterSolver.solve(problem, options: .init(seed: 1, iterationLimit: 500))
    // Task 2 starts as task 0 ends: one worker may take both.
    #expect(solution.assignment.workersUsed == 2)
    #expect(solution.unassigned.isEmpty)
    #expect(RosterSolver.check(problem, solution.assignment).isEmpty)
  }
}
