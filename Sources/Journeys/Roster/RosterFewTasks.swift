import Foundation

/// An exact search for problems where all tasks but a few are pinned: one new programme among
/// the visits already staffed that day (`GuideAssignment.staff`).
///
/// Every way of grouping the free tasks is tried (at most `limit` of them: 203 groupings for
/// six), each group given to a distinct worker who can take it beside his or her pinned tasks,
/// and the best plan kept by the solver's own order: every free task staffed, then fewest
/// workers, then fair loads (the sum of squared worked time), then fewest workers per group
/// key among the free tasks. A group's candidates are its best few workers by the first two
/// measures, which loses nothing: with k groups, a group's best k workers always include one
/// the other groups leave free.
enum RosterFewTasks {
  /// The most free tasks searched exactly.
  static let limit = 6

  /// The plan, or nil when the free tasks cannot all be staffed. Pins are kept as they are.
  /// Only for problems without a previous plan and with at most `limit` unpinned tasks.
  static func solve(_ problem: RosterProblem) -> RosterAssignment? {
    let free = problem.tasks.indices.filter { problem.pinned[$0] == nil }
    precondition(free.count <= limit && problem.previous.isEmpty, "not a few-task problem")
    var base = RosterAssignment(workerOfTask: problem.tasks.map { _ in nil })
    for (task, worker) in problem.pinned { base.workerOfTask[task] = worker }
    guard !free.isEmpty else { return base }
    let search = Search(problem, free: free, pinned: base)
    guard let best = search.best() else { return nil }
    for (block, worker) in best {
      for offset in members(block, of: free.count) { base.workerOfTask[free[offset]] = worker }
    }
    return base
  }

  /// The offsets set in `mask`, below `count`.
  static func members(_ mask: Int, of count: Int) -> [Int] {
    (0..<count).filter { mask & (1 << $0) != 0 }
  }

  /// What giving one group of free tasks to one worker costs: whether the worker is new that
  /// day, and how much the sum of squared loads grows.
  struct Cost: Comparable {
    var workers: Int
    var squares: Int

    static func < (a: Cost, b: Cost) -> Bool { (a.workers, a.squares) < (b.workers, b.squares) }
    static func + (a: Cost, b: Cost) -> Cost {
      Cost(workers: a.workers + b.workers, squares: a.squares + b.squares)
    }
  }

  struct Search {
    let problem: RosterProblem
    let free: [Int]
    /// Each worker's pinned tasks.
    var pinnedOf: [[Int]]
    /// For each non-empty set of free tasks (a bit mask of offsets in `free`), the workers who
    /// can take it, best first, at most as many as there are free tasks.
    var candidates: [[(worker: Int, cost: Cost)]]

    init(_ problem: RosterProblem, free: [Int], pinned: RosterAssignment) {
      self.problem = problem
      self.free = free
      pinnedOf = [[Int]](repeating: [], count: problem.workers.count)
      for (task, worker) in pinned.workerOfTask.enumerated() {
        if let worker, pinnedOf.indices.contains(worker) { pinnedOf[worker].append(task) }
      }
      let offsetOfTask = Dictionary(uniqueKeysWithValues: free.enumerated().map { ($1, $0) })
      let sets = 1 << free.count
      // What each set of free tasks is, whoever takes it: its tasks, its minutes, and whether
      // its tasks clash among themselves (the rest rule aside, which depends on the worker).
      let tasksOf = (0..<sets).map { mask in members(mask, of: free.count).map { free[$0] } }
      let minutes = tasksOf.map { $0.reduce(0) { $0 + problem.tasks[$1].duration } }
      let anyone = RosterWorker(eligibleTasks: [])
      let clashing = tasksOf.map { Self.clashes($0, worker: anyone, problem) }
      let keep = free.count
      candidates = Array(repeating: [], count: sets)
      for (worker, spec) in problem.workers.enumerated() {
        let eligible = spec.eligibleTasks.reduce(0) { mask, task in
          offsetOfTask[task].map { mask | (1 << $0) } ?? mask
        }
        let mine = pinnedOf[worker]
        guard eligible != 0, !Self.clashes(mine, worker: spec, problem) else { continue }
        // The free tasks that clash with one of the worker's pinned tasks.
        var blocked = 0
        for (offset, task) in free.enumerated()
        where mine.contains(where: { RosterChecker.clash(task, $0, worker: spec, problem) != nil })
        {
          blocked |= 1 << offset
        }
        let load = mine.reduce(0) { $0 + problem.tasks[$1].duration }
        // Every non-empty subset of the tasks the worker may take and none of which clashes
        // with a pinned one.
        let open = eligible & ~blocked
        var mask = open
        while mask != 0 {
          defer { mask = (mask - 1) & open }
          let tasks = tasksOf[mask]
          guard !clashing[mask],
            spec.minimumRest == nil || !Self.clashes(tasks, worker: spec, problem),
            Self.withinLimits(tasks, beside: mine, worker: spec, problem)
          else { continue }
          let cost = Cost(
            workers: mine.isEmpty ? 1 : 0,
            squares: (load + minutes[mask]) * (load + minutes[mask]) - load * load)
          let at = candidates[mask].firstIndex { cost < $0.cost } ?? candidates[mask].count
          guard at < keep else { continue }
          candidates[mask].insert((worker, cost), at: at)
          if candidates[mask].count > keep { candidates[mask].removeLast() }
        }
      }
    }

    /// Whether `tasks` and `pinned` together keep the worker's daily and weekly limits
    /// (`RosterChecker`'s rule, without its messages, and without joining the two lists: this
    /// runs for every set of free tasks and every worker).
    static func withinLimits(
      _ tasks: [Int], beside pinned: [Int], worker: RosterWorker, _ problem: RosterProblem
    ) -> Bool {
      func within(_ limit: Int?, _ period: (RosterTask) -> Int?) -> Bool {
        guard let limit else { return true }
        func total(_ key: Int) -> Int {
          func sum(_ list: [Int]) -> Int {
            list.reduce(0) {
              period(problem.tasks[$1]) == key ? $0 + problem.tasks[$1].duration : $0
            }
          }
          return sum(tasks) + sum(pinned)
        }
        func exceeds(_ list: [Int]) -> Bool {
          list.contains { task in period(problem.tasks[task]).map { total($0) > limit } ?? false }
        }
        return !exceeds(tasks) && !exceeds(pinned)
      }
      return within(worker.maxMinutesPerDay, \.day) && within(worker.maxMinutesPerWeek, \.week)
    }

    /// Whether two of `tasks` clash for `worker`.
    static func clashes(_ tasks: [Int], worker: RosterWorker, _ problem: RosterProblem) -> Bool {
      for (i, task) in tasks.enumerated() {
        for other in tasks[(i + 1)...]
        where RosterChecker.clash(task, other, worker: worker, problem) != nil {
          return true
        }
      }
      return false
    }

    /// The best groups and their workers, or nil when no grouping can be staffed.
    func best() -> [(block: Int, worker: Int)]? {
      var best: (cost: Cost, splits: Int, plan: [(block: Int, worker: Int)])?
      for blocks in Self.partitionsOf[free.count] {
        // Blocks without any candidate make the grouping impossible.
        guard blocks.allSatisfy({ !candidates[$0].isEmpty }) else { continue }
        let splits = self.splits(blocks)
        var chosen: [(block: Int, worker: Int)] = []
        var used = Set<Int>()
        func assign(_ index: Int, _ cost: Cost) {
          if let best, (best.cost, best.splits) <= (cost, splits) { return }
          guard index < blocks.count else {
            best = (cost, splits, chosen)
            return
          }
          for candidate in candidates[blocks[index]] where !used.contains(candidate.worker) {
            used.insert(candidate.worker)
            chosen.append((blocks[index], candidate.worker))
            assign(index + 1, cost + candidate.cost)
            chosen.removeLast()
            used.remove(candidate.worker)
          }
        }
        assign(0, Cost(workers: 0, squares: 0))
      }
      return best?.plan
    }

    /// Extra workers per group key among the free tasks, with each block on its own worker.
    func splits(_ blocks: [Int]) -> Int {
      var workersOfGroup: [Int: Int] = [:]
      for block in blocks {
        let groups = Set(
          members(block, of: free.count).compactMap { problem.tasks[free[$0]].group })
        for group in groups { workersOfGroup[group, default: 0] += 1 }
      }
      return workersOfGroup.values.reduce(0) { $0 + $1 - 1 }
    }

    /// `partitions` of 0 to `limit` items, worked out once.
    static let partitionsOf = (0...limit).map(partitions)

    /// Every partition of `count` items into blocks (bit masks), by restricted growth strings.
    static func partitions(_ count: Int) -> [[Int]] {
      var result: [[Int]] = []
      var blocks: [Int] = []
      func place(_ item: Int) {
        guard item < count else {
          result.append(blocks)
          return
        }
        for index in blocks.indices {
          blocks[index] |= 1 << item
          place(item + 1)
          blocks[index] &= ~(1 << item)
        }
        blocks.append(1 << item)
        place(item + 1)
        blocks.removeLast()
      }
      place(0)
      return result
    }
  }
}
