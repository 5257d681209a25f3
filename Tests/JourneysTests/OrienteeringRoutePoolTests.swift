import Testing

@testable import Journeys

/// The recombination step against brute force: its branch and bound must find the most
/// profitable set of disjoint tours whenever one beats the threshold.
@Suite("OrienteeringRoutePool")
struct OrienteeringRoutePoolTests {
  /// Best total over every assignment of kept tours (or none) to the plan's tours, by
  /// enumeration: disjoint places, matching classes, each kept tour used once.
  static func bruteForce(
    _ tours: [(places: Set<Int>, profit: Double, kind: Int)], classes: [Int]
  ) -> Double {
    func explore(_ tour: Int, _ used: Set<Int>, _ taken: Set<Int>) -> Double {
      if tour == classes.count { return 0 }
      var best = explore(tour + 1, used, taken)
      for (index, entry) in tours.enumerated()
      where entry.kind == classes[tour] && !taken.contains(index)
        && entry.places.isDisjoint(with: used)
      {
        best = max(
          best,
          entry.profit
            + explore(tour + 1, used.union(entry.places), taken.union([index])))
      }
      return best
    }
    return explore(0, [], [])
  }

  @Test(arguments: 0..<80)
  func findsTheMostProfitableDisjointTours(seed: Int) {
    let problem = OrienteeringExhaustive.randomProblem(seed: UInt64(seed), places: 12, tours: 1)
    let data = OrienteeringData(problem)
    var draw = SplitMix64(seed: UInt64(seed) &+ 17)
    let classes = (0..<(1 + seed % 3)).map { _ in Int.random(in: 0..<2, using: &draw) }
    var pool = OrienteeringRoutePool(size: data.size)
    var kept: [(places: Set<Int>, profit: Double, kind: Int)] = []
    for _ in 0..<(4 + Int.random(in: 0..<8, using: &draw)) {
      var places: [Int32] = []
      for v in 1...12 where Int.random(in: 0..<4, using: &draw) == 0 { places.append(Int32(v)) }
      let kind = Int.random(in: 0..<2, using: &draw)
      let before = pool.count
      pool.add([0] + places + [0], tourClass: kind, data: data)
      if pool.count > before {
        let set = Set(places.map { Int($0) })
        kept.append((set, set.reduce(0) { $0 + data.profit[$1] }, kind))
      }
    }
    let expected = Self.bruteForce(kept, classes: classes)
    let threshold = Double(Int.random(in: 0..<(Int(expected) + 2), using: &draw)) - 0.5
    let choice = pool.bestCombination(classes: classes, beating: threshold)
    guard expected > threshold + 1e-9 else {
      #expect(choice == nil)
      return
    }
    guard let choice else {
      Issue.record("no combination found, expected \(expected)")
      return
    }
    var used: Set<Int> = []
    var total = 0.0
    for (tour, entry) in choice.enumerated() {
      guard let entry else { continue }
      #expect(pool.tourClass[entry] == classes[tour])
      let places = pool.stops[entry].dropFirst().dropLast().map { Int($0) }
      #expect(used.isDisjoint(with: places))
      used.formUnion(places)
      total += pool.profit[entry]
    }
    #expect(abs(total - expected) < 1e-9)
  }

  @Test func keepsOneTourPerSetOfPlacesAndClass() {
    let problem = OrienteeringExhaustive.randomProblem(seed: 3, places: 6, tours: 1)
    let data = OrienteeringData(problem)
    var pool = OrienteeringRoutePool(size: data.size)
    pool.add([0, 1, 2, 0], tourClass: 0, data: data)
    pool.add([0, 2, 1, 0], tourClass: 0, data: data)
    pool.add([0, 2, 1, 0], tourClass: 1, data: data)
    pool.add([0, 0], tourClass: 0, data: data)
    #expect(pool.count == 2)
  }

  @Test func toursWithTheSameHoursAndWindowsShareAClass() {
    let places = [
      OrienteeringPlace(
        profit: 1, serviceDuration: 1,
        windows: [
          OrienteeringTimeWindow(open: 0, close: 10), OrienteeringTimeWindow(open: 0, close: 10),
          nil,
        ])
    ]
    let problem = OrienteeringProblem(
      places: places,
      tours: Array(repeating: OrienteeringTour(start: 0, end: 20), count: 3),
      travelTimes: [0, 1, 1, 0])
    #expect(OrienteeringData(problem).tourClass == [0, 0, 2])
  }
}
