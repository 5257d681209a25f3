import Foundation
import Journeys
import Testing

/// The assembler's solver against ground truth: exact optima of tiny problems, a feasibility
/// check written here rather than the solver's own, and replays of a seed.
@Suite("OrienteeringSolver")
struct OrienteeringSolverTests {
  /// Re-times routes from the problem alone and lists what they break; independent of the
  /// solver's incremental bookkeeping and of `OrienteeringSolution.check`.
  static func violations(_ problem: OrienteeringProblem, _ routes: [[Int]]) -> [String] {
    var found: [String] = []
    var seen: Set<Int> = []
    guard routes.count == problem.tours.count else { return ["\(routes.count) routes"] }
    for (tour, route) in routes.enumerated() {
      var time = problem.tours[tour].start
      var at = 0
      for place in route {
        guard (1...problem.places.count).contains(place) else {
          found.append("vertex \(place) does not exist")
          continue
        }
        if !seen.insert(place).inserted { found.append("vertex \(place) visited twice") }
        guard let window = problem.places[place - 1].windows[tour] else {
          found.append("vertex \(place) is closed on tour \(tour)")
          continue
        }
        time = max(time + problem.travel(at, place), window.open)
        if time > window.close + 1e-6 { found.append("vertex \(place) starts after its window") }
        time += problem.places[place - 1].serviceDuration
        at = place
      }
      if time + problem.travel(at, 0) > problem.tours[tour].end + 1e-6 {
        found.append("tour \(tour) is back after its end")
      }
    }
    return found
  }

  static func score(_ problem: OrienteeringProblem, _ routes: [[Int]]) -> Double {
    routes.joined().reduce(0) { $0 + problem.places[$1 - 1].profit }
  }

  @Test(arguments: 0..<120)
  func reachesTheExactOptimumOfSmallProblems(seed: Int) {
    let problem = OrienteeringExhaustive.randomProblem(
      seed: UInt64(seed), places: 4 + seed % 5, tours: 1 + seed % 2)
    let exact = OrienteeringExhaustive.solve(problem)
    let found = OrienteeringSolver.solve(
      problem, options: .init(seed: 1, timeLimit: nil, iterationLimit: 300))
    #expect(Self.violations(problem, found.routes).isEmpty)
    #expect(Self.violations(problem, exact.routes).isEmpty)
    #expect(found.score == Self.score(problem, found.routes))
    #expect(found.score >= exact.score - 1e-9)
  }

  @Test func aRequiredPlaceThatFitsIsKeptOverMoreProfitableOnes() {
    for seed in 0..<60 {
      let base = OrienteeringExhaustive.randomProblem(seed: UInt64(seed), places: 8, tours: 2)
      var places = base.places
      let target = places.indices.min { places[$0].profit < places[$1].profit }!
      places[target].required = true
      let problem = OrienteeringProblem(
        places: places, tours: base.tours, travelTimes: base.travelTimes)
      let fitsAlone = (0..<2).contains { tour in
        Self.violations(problem, (0..<2).map { $0 == tour ? [target + 1] : [] }).isEmpty
      }
      let found = OrienteeringSolver.solve(
        problem, options: .init(seed: 1, timeLimit: nil, iterationLimit: 300))
      #expect(Self.violations(problem, found.routes).isEmpty)
      #expect(!fitsAlone || found.allRequiredPlaced, "seed \(seed)")
      #expect(found.allRequiredPlaced == !found.missingRequired.contains(target + 1))
    }
  }

  @Test func theSameSeedReplaysTheSameSearch() {
    let problem = OrienteeringExhaustive.randomProblem(seed: 42, places: 12, tours: 3)
    let options = OrienteeringOptions(seed: 9, timeLimit: nil, iterationLimit: 500)
    let first = OrienteeringSolver.solve(problem, options: options)
    let second = OrienteeringSolver.solve(problem, options: options)
    #expect(first.routes == second.routes)
    #expect(first.iterations == second.iterations)
  }

  @Test func theSolutionsOwnCheckAgreesWithOurs() {
    for seed in 0..<40 {
      let problem = OrienteeringExhaustive.randomProblem(seed: UInt64(seed), places: 8, tours: 2)
      // Every route visiting the places in index order: often infeasible, sometimes not.
      let naive = [Array(1...4), Array(5...8)]
      #expect(
        OrienteeringSolution.check(problem: problem, routes: naive).isEmpty
          == Self.violations(problem, naive).isEmpty, "seed \(seed)")
    }
  }

  @Test func aBenchmarkFileIsReadWithItsRounding() throws {
    // Vertex lines: i x y d S f a list(a) O C; the depot's C is the time budget.
    let text = """
      4 10 3 1
      0 200
        0 0.00 0.00 0.00 0.00 0 0 0 100
        1 3.00 4.00 10.00 7.00 1 2 1 2 0 50
        2 1.00 1.00 5.00 3.00 1 1 1 10 60
        3 60.00 60.00 5.00 9.00 1 1 1 0 100
      """
    let problem = try OrienteeringBenchmarkFile.parse(text, tours: 2, rounding: .tenths)
    #expect(problem.places.count == 3)
    #expect(problem.tours == [.init(start: 0, end: 100), .init(start: 0, end: 100)])
    #expect(problem.travel(0, 1) == 5)
    // √2 = 1.414… is rounded down to 1.4.
    #expect(problem.travel(0, 2) == 1.4)
    #expect(problem.places[1].windows[0] == .init(open: 10, close: 60))
    let solution = OrienteeringSolver.solve(
      problem, options: .init(seed: 1, timeLimit: nil, iterationLimit: 200))
    // Vertex 3 is 84.8 away: out and back does not fit in 100.
    #expect(solution.score == 10)
    #expect(Self.violations(problem, solution.routes).isEmpty)
  }
}
