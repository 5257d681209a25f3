import Testing

@testable import Journeys

/// The shakes that open room in a plan: whatever they remove, the plan left behind must stay
/// feasible and its bookkeeping exact, and the related removal must take a true neighbourhood.
@Suite("Orienteering shakes")
struct OrienteeringShakeTests {
  /// Visits of a plan with their tour and start of service, keyed by place.
  static func visits(_ state: OrienteeringState) -> [Int: (tour: Int, start: Double)] {
    var found: [Int: (tour: Int, start: Double)] = [:]
    for (tour, route) in state.routes.enumerated() {
      for p in 1..<(route.stops.count - 1) { found[Int(route.stops[p])] = (tour, route.start[p]) }
    }
    return found
  }

  /// A greedy plan of a random problem, full enough for every shake to have something to take.
  static func plan(seed: Int) -> (
    OrienteeringProblem, OrienteeringData, OrienteeringSearch, OrienteeringState
  ) {
    let problem = OrienteeringExhaustive.randomProblem(
      seed: UInt64(seed), places: 30, tours: 1 + seed % 3)
    let data = OrienteeringData(problem)
    var search = OrienteeringSearch(data: data, seed: UInt64(seed))
    var state = data.emptyState()
    search.repair(&state, noise: 0, useExcluded: false)
    return (problem, data, search, state)
  }

  @Test(arguments: 0..<30)
  func everyShakeLeavesAFeasiblePlanWhoseBookkeepingMatchesItsTours(seed: Int) {
    var (problem, data, search, state) = Self.plan(seed: seed)
    for round in 0..<20 {
      let before = Self.visits(state)
      search.perturb(&state, strength: 0.35)
      let after = Self.visits(state)
      #expect(Set(after.keys).isSubset(of: before.keys), "round \(round)")
      let routes = state.routes.map { $0.stops.dropFirst().dropLast().map { Int($0) } }
      #expect(OrienteeringSolverTests.violations(problem, routes).isEmpty, "round \(round)")
      for v in 1..<data.size {
        let expected = after[v].map { Int32($0.tour) } ?? -1
        #expect(state.location[v] == expected, "round \(round), place \(v)")
        #expect(search.excluded[v] == (before[v] != nil && after[v] == nil))
      }
      let profit = after.keys.reduce(0) { $0 + data.profit[$1] }
      #expect(abs(state.score - profit) < 1e-9, "round \(round)")
      search.repair(&state, noise: 1.5, useExcluded: false)
    }
  }

  @Test(arguments: 0..<30)
  func aRelatedShakeRemovesTheVisitsNearestOneOfThemInPlaceAndTime(seed: Int) {
    var (_, data, search, state) = Self.plan(seed: seed)
    let before = Self.visits(state)
    guard !before.isEmpty else {
      Issue.record("the greedy plan visits nothing")
      return
    }
    search.removeRelated(&state, strength: 0.35)
    let after = Self.visits(state)
    let removed = Set(before.keys).subtracting(after.keys)
    #expect(!removed.isEmpty)
    func relatedness(_ origin: Int, _ v: Int) -> Double {
      data.travel[origin * data.size + v]
        + OrienteeringSearch.timeWeight * abs(before[v]!.start - before[origin]!.start)
    }
    // Some removed visit is the origin: nothing kept is closer to it than what was removed.
    let origin = removed.first { origin in
      let farthestRemoved = removed.map { relatedness(origin, $0) }.max()!
      return after.keys.allSatisfy { relatedness(origin, $0) >= farthestRemoved - 1e-9 }
    }
    #expect(origin != nil, "removed \(removed.sorted())")
  }
}
