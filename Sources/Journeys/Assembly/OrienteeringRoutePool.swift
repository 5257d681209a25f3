import Foundation

/// Tours met at the local optima of the search, kept so that tours from different plans can be
/// recombined: the best set of disjoint tours is often better than any plan the search held at
/// once. This is the route-recombination step of Hu and Lim's iterative three-component
/// heuristic (2014), where a set-packing model picks the tours; with few tours a small branch and
/// bound solves it, exactly unless it reaches its effort cap, so no MIP solver is needed.
struct OrienteeringRoutePool: Sendable {
  /// Stops of each kept tour, depots included, in visiting order.
  private(set) var stops: [[Int32]] = []
  /// Internal profit of each kept tour.
  private(set) var profit: [Double] = []
  /// Tour class each was found in: tours of one class have the same hours and windows, so a
  /// tour found for one fits every other of its class.
  private(set) var tourClass: [Int] = []
  /// Visited places of each kept tour as a bit set, `words` words per tour, for disjointness.
  private var members: [UInt64] = []
  private var seen: Set<Key> = []
  private let words: Int
  private let capacity: Int
  private var scratch: [UInt64]

  private struct Key: Hashable {
    let tourClass: Int
    let bits: [UInt64]
  }

  /// Tours kept before the pool drops its less profitable half.
  static let defaultCapacity = 4000

  init(size: Int, capacity: Int = defaultCapacity) {
    words = (size + 63) / 64
    self.capacity = capacity
    scratch = [UInt64](repeating: 0, count: words)
  }

  var count: Int { profit.count }

  /// Keeps `route` unless a tour of the same class with the same places is already kept: the
  /// order inside a tour does not matter to the recombination, which only needs one feasible one.
  mutating func add(_ route: [Int32], tourClass kind: Int, data: OrienteeringData) {
    if route.count < 3 { return }
    for w in 0..<words { scratch[w] = 0 }
    var total = 0.0
    for p in 1..<(route.count - 1) {
      let v = Int(route[p])
      scratch[v >> 6] |= 1 << UInt64(v & 63)
      total += data.profit[v]
    }
    guard seen.insert(Key(tourClass: kind, bits: scratch)).inserted else { return }
    stops.append(route)
    profit.append(total)
    tourClass.append(kind)
    members.append(contentsOf: scratch)
    if profit.count > capacity { shrink() }
  }

  /// Adds the tours kept by another search of the same problem.
  mutating func merge(_ other: OrienteeringRoutePool, data: OrienteeringData) {
    for index in other.profit.indices {
      add(other.stops[index], tourClass: other.tourClass[index], data: data)
    }
  }

  /// Keeps the more profitable half: recombinations that beat the best plan are built from
  /// profitable tours, and a bounded pool keeps each recombination quick.
  private mutating func shrink() {
    let order = profit.indices.sorted { (profit[$0], -$0) > (profit[$1], -$1) }
    let kept = order.prefix(capacity / 2).sorted()
    stops = kept.map { stops[$0] }
    profit = kept.map { profit[$0] }
    tourClass = kept.map { tourClass[$0] }
    var bits: [UInt64] = []
    bits.reserveCapacity(kept.count * words)
    for index in kept { bits.append(contentsOf: members[(index * words)..<((index + 1) * words)]) }
    members = bits
    // Forgetting dropped tours lets them back in if the search finds them again.
    seen = Set(
      kept.indices.map { i in
        Key(tourClass: tourClass[i], bits: Array(members[(i * words)..<((i + 1) * words)]))
      })
  }

  /// The most profitable choice of pairwise disjoint kept tours, one or none per tour of the
  /// plan (a tour's class must match), if it beats `threshold`; `effort` bounds the tours examined,
  /// after which the best choice found so far is returned.
  func bestCombination(classes: [Int], beating threshold: Double, effort: Int = 1_000_000)
    -> [Int?]?
  {
    var search = CombinationSearch(
      pool: self, classes: classes, best: threshold + 1e-9, effort: effort)
    search.explore(tour: 0, total: 0)
    return search.choice
  }

  /// Depth-first branch and bound over tours in order; tours of one class are interchangeable,
  /// so within a class the chosen pool entries go by decreasing profit, which both removes
  /// symmetric duplicates and bounds what the later tours of that class can add.
  private struct CombinationSearch {
    let pool: OrienteeringRoutePool
    let classes: [Int]
    /// Pool entries of each class by decreasing profit.
    let byClass: [Int: [Int]]
    var best: Double
    var choice: [Int?]? = nil
    var chosen: [Int]
    var used: [UInt64]
    var examined = 0
    let effort: Int

    init(pool: OrienteeringRoutePool, classes: [Int], best: Double, effort: Int) {
      self.pool = pool
      self.effort = effort
      self.classes = classes
      self.best = best
      var lists: [Int: [Int]] = [:]
      for index in pool.profit.indices { lists[pool.tourClass[index], default: []].append(index) }
      for key in lists.keys {
        lists[key]!.sort { (pool.profit[$0], -$0) > (pool.profit[$1], -$1) }
      }
      byClass = lists
      chosen = [Int](repeating: -1, count: classes.count)
      used = [UInt64](repeating: 0, count: pool.words)
    }

    /// Position in its class list chosen by the latest earlier tour of the same class, or -1.
    private func floor(before tour: Int) -> Int {
      var t = tour - 1
      while t >= 0 {
        if classes[t] == classes[tour] { return chosen[t] }
        t -= 1
      }
      return -1
    }

    /// What the tours after `tour` can add at most, when `tour` takes an entry worth `cap`:
    /// later tours of its class take less, others at most their class's best.
    private func bound(after tour: Int, cap: Double) -> Double {
      var total = 0.0
      for t in (tour + 1)..<classes.count {
        if classes[t] == classes[tour] {
          total += cap
        } else if let first = byClass[classes[t]]?.first {
          total += pool.profit[first]
        }
      }
      return total
    }

    mutating func explore(tour: Int, total: Double) {
      if tour == classes.count {
        if total > best {
          best = total
          choice = chosen.enumerated().map { t, position in
            let list = byClass[classes[t]] ?? []
            return position < list.count ? list[position] : nil
          }
        }
        return
      }
      let list = byClass[classes[tour]] ?? []
      let words = pool.words
      // An empty earlier tour of the class forces the later ones empty too.
      var position = floor(before: tour) + 1
      while position < list.count {
        examined += 1
        if examined > effort { return }
        let entry = list[position]
        let value = pool.profit[entry]
        if total + value + bound(after: tour, cap: value) <= best { break }
        var disjoint = true
        for w in 0..<words where pool.members[entry * words + w] & used[w] != 0 {
          disjoint = false
          break
        }
        if disjoint {
          for w in 0..<words { used[w] |= pool.members[entry * words + w] }
          chosen[tour] = position
          explore(tour: tour + 1, total: total + value)
          for w in 0..<words { used[w] &= ~pool.members[entry * words + w] }
        }
        position += 1
      }
      chosen[tour] = list.count
      if total + bound(after: tour, cap: 0) > best { explore(tour: tour + 1, total: total) }
    }
  }
}
