import Foundation

/// How the solver measures a fair share of work among the workers it uses.
public enum RosterFairness: String, Sendable, Hashable, Codable {
  /// Minimise the sum of squared worked minutes: spreads work evenly.
  case sumOfSquares
  /// Minimise the largest worked time only: moves that leave it alone are free to serve the
  /// later objectives (group keys, stability), which the sum of squares would outrank.
  case maximum
  /// Do not balance work.
  case ignore
}

/// A snapshot sent to the progress callback each time the search finds a better plan.
public struct RosterProgress: Sendable, Hashable {
  /// Seconds since the solver started.
  public var elapsed: Double
  /// Search iterations so far.
  public var iterations: Int
  /// Workers used by the best plan.
  public var workersUsed: Int
  /// Tasks left unstaffed by the best plan.
  public var unassigned: Int
}

/// Knobs of a solve or repair run.
public struct RosterOptions: Sendable {
  /// Seed of the pseudo-random generator: one seed, one result (up to where the clock stops).
  public var seed: UInt64
  /// Wall-clock budget in seconds; nil means only the iteration limit stops the search.
  public var timeLimit: Double?
  /// Most search iterations; with it (and no binding time limit) results are bit-identical.
  public var iterationLimit: Int?
  /// How work is balanced among used workers.
  public var fairness: RosterFairness
  /// Called on each improvement, on the solver's thread.
  public var progress: (@Sendable (RosterProgress) -> Void)?

  /// Options; with neither a time nor an iteration limit, the search stops after 10 seconds.
  public init(
    seed: UInt64 = 1, timeLimit: Double? = nil, iterationLimit: Int? = nil,
    fairness: RosterFairness = .sumOfSquares,
    progress: (@Sendable (RosterProgress) -> Void)? = nil
  ) {
    self.seed = seed
    self.timeLimit = timeLimit
    self.iterationLimit = iterationLimit
    self.fairness = fairness
    self.progress = progress
  }
}

/// Why a task could not be staffed.
public enum RosterUnassignedReason: String, Sendable, Hashable, Codable {
  /// No worker may take the task at all (or it is longer than every eligible worker's day).
  case noEligibleWorker
  /// Every eligible worker is busy, too close by travel or rest, or over a limit.
  case allEligibleBusy
}

/// A task left unstaffed, and why.
public struct RosterUnassigned: Sendable, Hashable, Codable {
  /// Index of the task.
  public var task: Int
  /// Why nobody takes it.
  public var reason: RosterUnassignedReason
}

/// The measures of a plan, in the order the solver ranks them.
public struct RosterScore: Sendable, Hashable, Codable {
  /// Tasks without a worker.
  public var unassigned: Int
  /// Workers with at least one task.
  public var workersUsed: Int
  /// Sum over workers of the squared worked time.
  public var sumOfSquares: Int
  /// Largest worked time of one worker.
  public var maximumLoad: Int
  /// Extra workers on group keys: for each key, distinct workers minus one.
  public var groupSplits: Int
  /// Tasks of the previous plan now with another worker (or none).
  public var changes: Int
  /// Pinned assignments that could not be kept.
  public var brokenPins: Int
}

/// The result of a solve or repair.
public struct RosterSolution: Sendable {
  /// The plan.
  public var assignment: RosterAssignment
  /// Tasks without a worker, with the reason.
  public var unassigned: [RosterUnassigned]
  /// Measures of the plan.
  public var score: RosterScore
  /// A lower bound on the workers needed for the staffed tasks (most tasks at one instant).
  public var lowerBound: Int
  /// Search iterations done.
  public var iterations: Int
  /// Seconds spent.
  public var elapsed: Double
  /// Pinned assignments the solver had to drop because they conflict or are not eligible.
  public var droppedPins: [Int]

  /// Workers with at least one task.
  public var workersUsed: Int { score.workersUsed }
}
