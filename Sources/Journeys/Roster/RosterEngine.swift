import Foundation

/// The mutable plan the searches work on, with the indexes that make moves cheap: each
/// worker's tasks sorted by start (conflicts are found by binary search in a time window),
/// loads per day and week, and the pool of unstaffed tasks with O(1) removal.
final class RosterEngine {
  let taskCount: Int
  let workerCount: Int
  let start: [Int]
  let end: [Int]
  let duration: [Int]
  let location: [Int]
  /// Day value as given (adjacency matters for rest), and a dense index for the load arrays.
  let dayValue: [Int]
  let dayIndex: [Int]
  let weekIndex: [Int]
  let dayCount: Int
  let weekCount: Int
  let travel: [Int]
  let locationCount: Int
  let maxTravel: Int
  let maxDuration: Int
  let dayLimit: [Int]
  let weekLimit: [Int]
  let rest: [Int]
  /// Workers who may take each task, and the same as a flat worker-major table.
  let eligible: [[Int]]
  let canDo: [Bool]
  let previous: [Int]
  let group: [Int]

  var pin: [Int]
  var workerOf: [Int]
  var lists: [[Int]]
  var load: [Int]
  var dayLoad: [Int]
  var weekLoad: [Int]
  var usedCount = 0
  var pool: [Int] = []
  var poolPosition: [Int]
  /// Tasks nobody may take: kept out of the pool so they do not steer the search.
  var hopeless: [Bool]
  var weight: [Int]
  var ejected: [Int] = []
  var droppedPins: [Int] = []
  var rng: SplitMix64

  init(_ problem: RosterProblem, seed: UInt64) {
    let tasks = problem.tasks
    taskCount = tasks.count
    workerCount = problem.workers.count
    start = tasks.map(\.start)
    end = tasks.map { max($0.start, $0.end) }
    duration = tasks.map { max(0, $0.end - $0.start) }
    maxDuration = duration.max() ?? 0
    group = tasks.map { $0.group ?? -1 }
    let days = Array(Set(tasks.compactMap(\.day))).sorted()
    let weeks = Array(Set(tasks.compactMap(\.week))).sorted()
    let dayMap = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
    let weekMap = Dictionary(uniqueKeysWithValues: weeks.enumerated().map { ($1, $0) })
    dayValue = tasks.map { $0.day ?? Int.min / 4 }
    dayIndex = tasks.map { $0.day.flatMap { dayMap[$0] } ?? -1 }
    weekIndex = tasks.map { $0.week.flatMap { weekMap[$0] } ?? -1 }
    dayCount = days.count
    weekCount = weeks.count
    if let matrix = problem.travel {
      travel = matrix.minutes
      locationCount = matrix.locationCount
      location = tasks.map { task in
        task.location.flatMap { (0..<matrix.locationCount).contains($0) ? $0 : nil } ?? -1
      }
      maxTravel = matrix.minutes.max() ?? 0
    } else {
      travel = []
      locationCount = 0
      location = [Int](repeating: -1, count: tasks.count)
      maxTravel = 0
    }
    let unlimited = Int.max / 4
    dayLimit = problem.workers.map { $0.maxMinutesPerDay ?? unlimited }
    weekLimit = problem.workers.map { $0.maxMinutesPerWeek ?? unlimited }
    rest = problem.workers.map { max(0, $0.minimumRest ?? 0) }
    var table = [Bool](repeating: false, count: taskCount * workerCount)
    var byTask = [[Int]](repeating: [], count: taskCount)
    for (w, worker) in problem.workers.enumerated() {
      for t in worker.eligibleTasks where t >= 0 && t < taskCount && !table[w * taskCount + t] {
        // A task longer than the worker's day or week could never fit: not eligible at all.
        if dayIndex[t] >= 0 && duration[t] > dayLimit[w] { continue }
        if weekIndex[t] >= 0 && duration[t] > weekLimit[w] { continue }
        table[w * taskCount + t] = true
        byTask[t].append(w)
      }
    }
    canDo = table
    eligible = byTask
    var before = [Int](repeating: -1, count: taskCount)
    for (t, w) in problem.previous where t >= 0 && t < taskCount { before[t] = w }
    previous = before
    pin = [Int](repeating: -1, count: taskCount)
    workerOf = [Int](repeating: -1, count: taskCount)
    lists = [[Int]](repeating: [], count: workerCount)
    load = [Int](repeating: 0, count: workerCount)
    dayLoad = [Int](repeating: 0, count: workerCount * max(1, dayCount))
    weekLoad = [Int](repeating: 0, count: workerCount * max(1, weekCount))
    poolPosition = [Int](repeating: -1, count: taskCount)
    hopeless = byTask.map(\.isEmpty)
    weight = [Int](repeating: 1, count: taskCount)
    // Offset by one step so that seed 0 does not start from state 0.
    rng = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
    for t in 0..<taskCount where !hopeless[t] { addToPool(t) }
    placePins(problem.pinned)
  }

  /// Pins go in first, in task order; one that is not eligible or clashes with an earlier pin
  /// is dropped (and reported) rather than making the whole problem infeasible.
  private func placePins(_ pinned: [Int: Int]) {
    for (t, w) in pinned.sorted(by: { $0.key < $1.key }) {
      guard t >= 0 && t < taskCount, w >= 0 && w < workerCount, canDo[w * taskCount + t],
        collectEjections(t, w), ejected.isEmpty
      else {
        droppedPins.append(t)
        continue
      }
      assign(t, w)
      pin[t] = w
    }
  }

  // MARK: Moves

  func addToPool(_ t: Int) {
    poolPosition[t] = pool.count
    pool.append(t)
  }

  func removeFromPool(_ t: Int) {
    let position = poolPosition[t]
    let last = pool.removeLast()
    if last != t {
      pool[position] = last
      poolPosition[last] = position
    }
    poolPosition[t] = -1
  }

  /// Gives task t (in the pool) to worker w, which must have room for it.
  func assign(_ t: Int, _ w: Int) {
    removeFromPool(t)
    workerOf[t] = w
    var list = lists[w]
    lists[w] = []
    list.insert(t, at: firstIndex(list, atOrAfter: start[t], id: t))
    lists[w] = list
    if list.count == 1 { usedCount += 1 }
    load[w] += duration[t]
    if dayIndex[t] >= 0 { dayLoad[w * dayCount + dayIndex[t]] += duration[t] }
    if weekIndex[t] >= 0 { weekLoad[w * weekCount + weekIndex[t]] += duration[t] }
  }

  /// Takes task t away from its worker and puts it back in the pool.
  func unassign(_ t: Int) {
    let w = workerOf[t]
    var list = lists[w]
    lists[w] = []
    let position = firstIndex(list, atOrAfter: start[t], id: t)
    list.remove(at: position)
    lists[w] = list
    if list.isEmpty { usedCount -= 1 }
    workerOf[t] = -1
    load[w] -= duration[t]
    if dayIndex[t] >= 0 { dayLoad[w * dayCount + dayIndex[t]] -= duration[t] }
    if weekIndex[t] >= 0 { weekLoad[w * weekCount + weekIndex[t]] -= duration[t] }
    addToPool(t)
  }

  /// Position of the first task ordered at or after (start, id) in a start-sorted list.
  @inline(__always)
  func firstIndex(_ list: [Int], atOrAfter time: Int, id: Int) -> Int {
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) >> 1
      let other = list[mid]
      if start[other] < time || (start[other] == time && other < id) {
        low = mid + 1
      } else {
        high = mid
      }
    }
    return low
  }

  /// Position of the first task ending after `time`. A worker's tasks never overlap, so
  /// sorted by start they are sorted by end too, and no task before it can clash.
  @inline(__always)
  func firstEnding(_ list: [Int], after time: Int) -> Int {
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) >> 1
      if end[list[mid]] <= time { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Whether one worker (of rest `gap`) cannot do both tasks: overlap, travel or rest.
  @inline(__always)
  func clash(_ a: Int, _ b: Int, rest gap: Int) -> Bool {
    var there = 0
    var back = 0
    if locationCount > 0 && location[a] >= 0 && location[b] >= 0 {
      there = travel[location[a] * locationCount + location[b]]
      back = travel[location[b] * locationCount + location[a]]
    }
    if !(end[a] + there <= start[b] || end[b] + back <= start[a]) { return true }
    if gap > 0 && dayIndex[a] >= 0 && dayIndex[b] >= 0 {
      if dayValue[b] == dayValue[a] + 1 && start[b] - end[a] < gap { return true }
      if dayValue[a] == dayValue[b] + 1 && start[a] - end[b] < gap { return true }
    }
    return false
  }

  /// Fills `ejected` with the tasks worker w must drop to take task t: those that clash, then
  /// the cheapest (lowest weight) of the same day or week while a limit is exceeded. False
  /// when a pinned task is in the way or the limits cannot be met.
  func collectEjections(_ t: Int, _ w: Int, skip: Int = -1) -> Bool {
    ejected.removeAll(keepingCapacity: true)
    let list = lists[w]
    let gap = dayIndex[t] >= 0 ? max(maxTravel, rest[w]) : maxTravel
    var i = firstEnding(list, after: start[t] - gap)
    let horizon = end[t] + gap
    while i < list.count {
      let other = list[i]
      if start[other] >= horizon { break }
      if other != t && clash(t, other, rest: rest[w]) {
        if pin[other] >= 0 { return false }
        ejected.append(other)
      }
      i += 1
    }
    if dayIndex[t] >= 0 && dayLimit[w] < Int.max / 4 {
      let base = dayLoad[w * dayCount + dayIndex[t]]
      if !makeRoom(t, w, limit: dayLimit[w], index: dayIndex, base: base) { return false }
    }
    if weekIndex[t] >= 0 && weekLimit[w] < Int.max / 4 {
      let base = weekLoad[w * weekCount + weekIndex[t]]
      if !makeRoom(t, w, limit: weekLimit[w], index: weekIndex, base: base) { return false }
    }
    return true
  }

  /// Adds ejections of the same period (day or week, by `index`) until t fits the limit.
  private func makeRoom(_ t: Int, _ w: Int, limit: Int, index: [Int], base: Int) -> Bool {
    let period = index[t]
    var total = base + duration[t]
    for e in ejected where index[e] == period { total -= duration[e] }
    if total <= limit { return true }
    var candidates = lists[w].filter {
      index[$0] == period && pin[$0] < 0 && $0 != t && !ejected.contains($0)
    }
    candidates.sort { (weight[$0], -duration[$0], $0) < (weight[$1], -duration[$1], $1) }
    for c in candidates {
      ejected.append(c)
      total -= duration[c]
      if total <= limit { return true }
    }
    return false
  }

  /// Whether worker w can take task t with nothing to drop except `except` (used by swaps).
  func fits(_ t: Int, _ w: Int, except: Int = -1) -> Bool {
    guard canDo[w * taskCount + t] else { return false }
    let list = lists[w]
    let gap = dayIndex[t] >= 0 ? max(maxTravel, rest[w]) : maxTravel
    var i = firstEnding(list, after: start[t] - gap)
    let horizon = end[t] + gap
    while i < list.count {
      let other = list[i]
      if start[other] >= horizon { break }
      if other != t && other != except && clash(t, other, rest: rest[w]) { return false }
      i += 1
    }
    let freed = except >= 0 ? duration[except] : 0
    if dayIndex[t] >= 0 && dayLimit[w] < Int.max / 4 {
      let same = except >= 0 && dayIndex[except] == dayIndex[t] ? freed : 0
      if dayLoad[w * dayCount + dayIndex[t]] - same + duration[t] > dayLimit[w] { return false }
    }
    if weekIndex[t] >= 0 && weekLimit[w] < Int.max / 4 {
      let same = except >= 0 && weekIndex[except] == weekIndex[t] ? freed : 0
      if weekLoad[w * weekCount + weekIndex[t]] - same + duration[t] > weekLimit[w] {
        return false
      }
    }
    return true
  }

  /// The most tasks running at one instant among the given ones: no plan staffs them all with
  /// fewer workers.
  func maxOverlap(_ tasks: [Int]) -> Int {
    var events: [(Int, Int)] = []
    events.reserveCapacity(tasks.count * 2)
    for t in tasks where end[t] > start[t] {
      events.append((start[t], 1))
      events.append((end[t], -1))
    }
    // Ends sort before starts at the same instant: half-open intervals touching do not overlap.
    events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var running = 0
    var best = 0
    for (_, delta) in events {
      running += delta
      best = max(best, running)
    }
    return best
  }

  /// The plan as the public type.
  var assignment: RosterAssignment {
    RosterAssignment(workerOfTask: workerOf.map { $0 >= 0 ? $0 : nil })
  }

  /// Replaces the plan (pins must agree); used to restore the best plan found.
  func restore(_ plan: [Int]) {
    for t in 0..<taskCount where workerOf[t] >= 0 && workerOf[t] != plan[t] { unassign(t) }
    for t in 0..<taskCount where plan[t] >= 0 && workerOf[t] != plan[t] { assign(t, plan[t]) }
  }
}
