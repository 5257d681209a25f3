import Foundation

/// One task to staff: a half-open interval of time, plus the optional facts that the limits and
/// the secondary objectives need.
///
/// Times are plain integers in one unit (minutes since an epoch in the booking engine); the daily
/// and weekly limits of the workers are expressed in the same unit.
public struct RosterTask: Sendable, Hashable, Codable {
  /// First instant of the task.
  public var start: Int
  /// First instant after the task: the interval is [start, end).
  public var end: Int
  /// Index into the travel matrix, when the task happens somewhere that matters.
  public var location: Int?
  /// Tasks sharing a key prefer one worker (a group's visits of one day); the key should
  /// already include the day.
  public var group: Int?
  /// Day index, used by the daily limit and the rest rule; limits ignore tasks without one.
  public var day: Int?
  /// Week index, used by the weekly limit.
  public var week: Int?

  /// A task over [start, end) with optional location, group key, day and week.
  public init(
    start: Int, end: Int, location: Int? = nil, group: Int? = nil, day: Int? = nil,
    week: Int? = nil
  ) {
    self.start = start
    self.end = end
    self.location = location
    self.group = group
    self.day = day
    self.week = week
  }

  /// Length of the task, in the time unit of the problem.
  public var duration: Int { end - start }
}

/// A person who may take tasks: eligibility already folds in languages, certifications and
/// availability, so only the tasks listed here are ever given to the worker.
public struct RosterWorker: Sendable, Hashable, Codable {
  /// Indices of the tasks this worker may take.
  public var eligibleTasks: [Int]
  /// Most time worked on one day (summed task durations), when limited.
  public var maxMinutesPerDay: Int?
  /// Most time worked in one week, when limited.
  public var maxMinutesPerWeek: Int?
  /// Least time between the end of every task of one day and the start of every task of the
  /// next day, when required.
  public var minimumRest: Int?

  /// A worker who may take `eligibleTasks`, within the optional limits.
  public init(
    eligibleTasks: [Int], maxMinutesPerDay: Int? = nil, maxMinutesPerWeek: Int? = nil,
    minimumRest: Int? = nil
  ) {
    self.eligibleTasks = eligibleTasks
    self.maxMinutesPerDay = maxMinutesPerDay
    self.maxMinutesPerWeek = maxMinutesPerWeek
    self.minimumRest = minimumRest
  }
}

/// Travel times between locations, as a dense matrix so that the search reads them in O(1).
public struct RosterTravel: Sendable, Hashable, Codable {
  /// Number of locations; valid indices are 0..<locationCount.
  public let locationCount: Int
  /// Row-major matrix: `minutes[from * locationCount + to]`.
  public let minutes: [Int]

  /// A matrix given row by row; negative entries are read as zero.
  public init(locationCount: Int, minutes: [Int]) {
    precondition(minutes.count == locationCount * locationCount, "matrix size")
    self.locationCount = locationCount
    self.minutes = minutes.map { max(0, $0) }
  }

  /// A matrix tabulated once from a function, so the search never calls back into it.
  public init(locationCount: Int, _ time: (_ from: Int, _ to: Int) -> Int) {
    var table: [Int] = []
    table.reserveCapacity(locationCount * locationCount)
    for from in 0..<locationCount {
      for to in 0..<locationCount { table.append(max(0, time(from, to))) }
    }
    self.init(locationCount: locationCount, minutes: table)
  }

  /// Time needed to go from one location to another.
  public func time(from: Int, to: Int) -> Int { minutes[from * locationCount + to] }
}

/// Everything the solver needs: tasks, workers, travel, and the assignments to keep.
public struct RosterProblem: Sendable, Hashable, Codable {
  /// The tasks to staff.
  public var tasks: [RosterTask]
  /// The workers who may staff them.
  public var workers: [RosterWorker]
  /// Travel times between task locations; nil means pure interval overlap.
  public var travel: RosterTravel?
  /// Task → worker assignments that stay unless they are impossible.
  public var pinned: [Int: Int]
  /// Task → worker assignments of an earlier plan, to change as little as possible.
  public var previous: [Int: Int]

  /// A problem; pinned and previous assignments default to none.
  public init(
    tasks: [RosterTask], workers: [RosterWorker], travel: RosterTravel? = nil,
    pinned: [Int: Int] = [:], previous: [Int: Int] = [:]
  ) {
    self.tasks = tasks
    self.workers = workers
    self.travel = travel
    self.pinned = pinned
    self.previous = previous
  }

  /// The same problem after `worker` became unable to take `tasks` (absence, lost
  /// certification): those tasks leave the worker's eligibility.
  public func withdrawing(tasks withdrawn: [Int], from worker: Int) -> RosterProblem {
    var copy = self
    let gone = Set(withdrawn)
    copy.workers[worker].eligibleTasks.removeAll { gone.contains($0) }
    for task in withdrawn where copy.pinned[task] == worker { copy.pinned[task] = nil }
    return copy
  }
}

/// Which worker takes each task (nil: nobody).
public struct RosterAssignment: Sendable, Hashable, Codable {
  /// `workerOfTask[t]` is the worker of task t, or nil when the task is left unstaffed.
  public var workerOfTask: [Int?]

  /// An assignment from one optional worker index per task.
  public init(workerOfTask: [Int?]) { self.workerOfTask = workerOfTask }

  /// The assignment as a task → worker dictionary, the shape of `RosterProblem.previous`.
  public var dictionary: [Int: Int] {
    var result: [Int: Int] = [:]
    for (task, worker) in workerOfTask.enumerated() {
      if let worker { result[task] = worker }
    }
    return result
  }

  /// Number of distinct workers with at least one task.
  public var workersUsed: Int { Set(workerOfTask.compactMap { $0 }).count }
}
