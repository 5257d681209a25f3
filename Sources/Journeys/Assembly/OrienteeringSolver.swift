import Foundation

/// What the search reports each time it finds a better plan.
public struct OrienteeringProgress: Sendable {
  /// Score (real profits only) of the best plan so far.
  public let bestScore: Double
  /// Iteration at which it was found; with a fixed seed this is reproducible.
  public let iteration: Int
  /// Seconds since the search started.
  public let elapsedSeconds: Double
}

/// How long and how the search runs. Stopping rules combine: the first one reached wins.
public struct OrienteeringOptions: Sendable {
  /// Seed of the search; the same seed replays the same sequence of moves.
  public var seed: UInt64
  /// Wall-clock budget in seconds; `nil` leaves only the iteration limit.
  public var timeLimit: Double?
  /// Maximum number of iterations; use it for bit-identical results independent of the machine.
  public var iterationLimit: Int?
  /// Called on each improvement of the overall best, from a solving thread, never from two at
  /// once; keep it short.
  public var progress: (@Sendable (OrienteeringProgress) -> Void)?
  /// Polled once per iteration; returning `true` ends the search with the best plan so far.
  public var shouldCancel: (@Sendable () -> Bool)?
  /// Independent searches run side by side on separate threads; the best plan is returned.
  public var parallelism: Int

  /// Defaults suit interactive use: about 1.5 s, enough for near-best plans on 100–300 places.
  public init(
    seed: UInt64 = 1, timeLimit: Double? = 1.5, iterationLimit: Int? = nil,
    progress: (@Sendable (OrienteeringProgress) -> Void)? = nil,
    shouldCancel: (@Sendable () -> Bool)? = nil,
    parallelism: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)
  ) {
    self.seed = seed
    self.timeLimit = timeLimit
    self.iterationLimit = iterationLimit
    self.progress = progress
    self.shouldCancel = shouldCancel
    self.parallelism = parallelism
  }
}

/// Iterated local search with simulated-annealing acceptance (in the spirit of Gunawan, Lau and
/// Lu's SAILS): remove visits, refill greedily with noise, improve by replacement, and accept
/// worse plans with a cooling probability, restarting from the best plan at each cycle's end.
public enum OrienteeringSolver {
  /// Searches until a stopping rule fires and returns the best plan seen (anytime behaviour).
  ///
  /// With `parallelism` above 1, independent searches with seeds derived from `options.seed`
  /// run on separate threads and the best plan wins, ties going to the lowest thread index, so
  /// that an iteration limit still gives bit-identical results.
  public static func solve(
    _ problem: OrienteeringProblem, options: OrienteeringOptions = OrienteeringOptions()
  ) -> OrienteeringSolution {
    let clock = ContinuousClock()
    let began = clock.now
    let elapsed: @Sendable () -> Double = {
      let span = clock.now - began
      return Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18
    }
    let data = OrienteeringData(problem)
    let threads = max(1, options.parallelism)
    let board = OrienteeringBoard(threads: threads, progress: options.progress)
    let merges = threads > 1 && data.tourCount > 1
    let work: @Sendable (Int) -> Void = { index in
      // Golden-ratio steps give well-separated seeds; thread 0 keeps the caller's seed, so it
      // searches as a single-thread run would.
      let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
      // Each thread owns its arrays: sharing them would make every retain and release in the
      // hot loops fight over the same cache lines, which halves the speed of both threads.
      let own = index == 0 ? data : OrienteeringData(problem)
      let outcome = search(
        own, options: options, seed: seed, board: board, elapsed: elapsed,
        reserve: merges ? recombinationAllowance : 0)
      board.finish(
        index, state: outcome.state, iterations: outcome.iterations, routes: outcome.routes)
    }
    onThreads(threads, work)
    var (best, iterations) = board.winner()
    if merges, !(options.shouldCancel?() ?? false) {
      // Tours from different threads never met during the search; a last recombination over
      // all of them often beats either thread's plan.
      var search = OrienteeringSearch(data: data, seed: options.seed)
      if var combined = search.recombine(board.pooledRoutes(data), beating: best.score) {
        search.polish(&combined)
        if combined.score > best.score + 1e-9 { best = combined }
      }
    }
    let routes = best.routes.map { route in route.stops.dropFirst().dropLast().map { Int($0) } }
    return OrienteeringSolution(
      problem: problem, routes: routes, iterations: iterations, elapsedSeconds: elapsed())
  }

  /// One independent annealing run; reports improvements to `board`.
  static func search(
    _ data: OrienteeringData, options: OrienteeringOptions, seed: UInt64,
    board: OrienteeringBoard, elapsed: () -> Double, reserve: Double
  ) -> (state: OrienteeringState, iterations: Int, routes: OrienteeringRoutePool) {
    var search = OrienteeringSearch(data: data, seed: seed)
    var current = data.emptyState()
    search.repair(&current, noise: 0, useExcluded: false)
    search.replaceMoves(&current)
    var best = current
    var iteration = 0
    board.improved(best.score, real: realScore(best, data), iteration: 0, elapsed: elapsed)
    let schedule = OrienteeringSchedule(data: data)
    var temperature = schedule.initialTemperature
    var cycleStart = search.work
    var cycleIteration = 0
    var routes = OrienteeringRoutePool(size: data.size)
    let recombines = data.tourCount > 1
    while true {
      if let limit = options.iterationLimit, iteration >= limit { break }
      // Stop when another iteration (twice the average, plus a few ms of scheduling noise on
      // a busy machine) would overrun the budget, so the limit holds as a ceiling.
      if let budget = options.timeLimit {
        let limit = budget - reserve
        let now = elapsed()
        if now + 2 * now / Double(max(iteration, 1)) + 0.004 >= limit { break }
      }
      if let cancel = options.shouldCancel, cancel() { break }
      if data.candidates.isEmpty { break }
      iteration += 1
      var candidate = current
      let strength = schedule.minStrength + schedule.strengthSpan * search.rng.unit()
      search.perturb(&candidate, strength: strength)
      if search.rng.below(2) == 0 {
        search.repair(&candidate, noise: schedule.noise, useExcluded: true)
      }
      // A full rebuild rather than readmitting only the removed places: it also re-examines
      // places pruned earlier, which the gaps created by insertions can make feasible again.
      search.repair(&candidate, noise: schedule.noise, useExcluded: false)
      search.replaceMoves(&candidate)
      if recombines {
        for r in 0..<data.tourCount {
          routes.add(candidate.routes[r].stops, tourClass: data.tourClass[r], data: data)
        }
      }
      // Reordering is costly relative to a shake, so it is kept for plans that beat the best.
      if candidate.score > best.score + 1e-9 {
        search.polish(&candidate)
      }
      if candidate.score > best.score + 1e-9 {
        best = candidate
        board.improved(
          best.score, real: realScore(best, data), iteration: iteration, elapsed: elapsed)
      }
      let delta = candidate.score - current.score
      if delta >= 0 || search.rng.unit() < exp(delta / temperature) {
        current = candidate
      }
      // Cooling follows whichever clock runs ahead: work on large problems, iterations on
      // small ones, whose cheap iterations would otherwise stay hot for a whole run.
      let progressInCycle = max(
        Double(search.work - cycleStart) / schedule.cycleWork,
        Double(iteration - cycleIteration) / Double(schedule.minCycleIterations))
      if progressInCycle >= 1 {
        // Not when the budget is nearly spent: the time limit is a ceiling.
        let timeLeft = options.timeLimit.map { $0 - reserve - elapsed() } ?? .infinity
        if recombines, timeLeft > recombinationAllowance,
          var combined = search.recombine(routes, beating: best.score)
        {
          search.polish(&combined)
          if combined.score > best.score + 1e-9 {
            best = combined
            board.improved(
              best.score, real: realScore(best, data), iteration: iteration, elapsed: elapsed)
          }
        }
        current = best
        cycleStart = search.work
        cycleIteration = iteration
        temperature = schedule.initialTemperature
      } else {
        temperature = schedule.initialTemperature * pow(schedule.coolingRatio, progressInCycle)
      }
    }
    return (best, iteration, routes)
  }

  /// Seconds a recombination may take (a branch and bound capped at 1 M tours examined, about
  /// 10 ms, then a refill and a polish); kept at the end of a multi-thread run for the last one.
  static let recombinationAllowance = 0.03

  static func realScore(_ state: OrienteeringState, _ data: OrienteeringData) -> Double {
    var total = 0.0
    for route in state.routes {
      for v in route.stops { total += data.realProfit[Int(v)] }
    }
    return total
  }
}

/// Search parameters, derived only from general features of the problem so that the same code
/// behaves alike on unseen instances.
struct OrienteeringSchedule: Sendable {
  /// Hot start: a loss of several average profits is often accepted, which is what lets the
  /// search leave the basin of the greedy construction on large multi-tour problems.
  let initialTemperature: Double
  let coolingRatio: Double
  /// Length of one cooling cycle in work units (about 0.1 s of search on a 2020s core), so large
  /// and small problems get comparable schedules while staying deterministic.
  let cycleWork: Double
  /// Iteration clock of a cycle, proportional to the places so a shake can touch each a few
  /// times; it decides only on small problems, where work accrues slowly.
  let minCycleIterations: Int
  /// Share of the visits removed per shake is drawn from [minStrength, minStrength + span].
  let minStrength: Double
  let strengthSpan: Double
  let noise: Double

  init(data: OrienteeringData) {
    var sum = 0.0
    for v in data.candidates { sum += data.realProfit[v] }
    let mean = data.candidates.isEmpty ? 1 : sum / Double(data.candidates.count)
    initialTemperature = 5 * mean
    coolingRatio = 0.01 / 5
    cycleWork = 1e7
    minCycleIterations = max(100, 20 * data.candidates.count)
    minStrength = 0.05
    strengthSpan = 0.3
    noise = 1.5
  }
}

/// Shared state of a portfolio run: the per-thread results and the best score reported so far.
/// A lock rather than actors keeps the search loop synchronous and free of suspension points.
final class OrienteeringBoard: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [(state: OrienteeringState, iterations: Int)?]
  private var pools: [OrienteeringRoutePool?]
  private var reported = -Double.infinity
  private let progress: (@Sendable (OrienteeringProgress) -> Void)?

  init(threads: Int, progress: (@Sendable (OrienteeringProgress) -> Void)?) {
    results = Array(repeating: nil, count: threads)
    pools = Array(repeating: nil, count: threads)
    self.progress = progress
  }

  /// Forwards a thread's new best to the caller only if it beats every earlier report, so the
  /// caller sees an improving sequence whatever the interleaving. `score` is the internal score,
  /// which ranks required places first; `real` counts profits only.
  func improved(_ score: Double, real: Double, iteration: Int, elapsed: () -> Double) {
    guard let progress else { return }
    lock.lock()
    defer { lock.unlock() }
    if score <= reported + 1e-9 { return }
    reported = score
    progress(
      OrienteeringProgress(bestScore: real, iteration: iteration, elapsedSeconds: elapsed()))
  }

  func finish(
    _ index: Int, state: OrienteeringState, iterations: Int, routes: OrienteeringRoutePool
  ) {
    lock.lock()
    results[index] = (state, iterations)
    pools[index] = routes
    lock.unlock()
  }

  /// Every thread's kept tours, merged in thread order so the result does not depend on
  /// which thread finished first.
  func pooledRoutes(_ data: OrienteeringData) -> OrienteeringRoutePool {
    lock.lock()
    defer { lock.unlock() }
    var merged = OrienteeringRoutePool(
      size: data.size, capacity: pools.count * OrienteeringRoutePool.defaultCapacity)
    for pool in pools { if let pool { merged.merge(pool, data: data) } }
    return merged
  }

  /// Highest internal score (required places first), lowest thread index on ties.
  func winner() -> (OrienteeringState, Int) {
    lock.lock()
    defer { lock.unlock() }
    var best = results[0]!
    for entry in results.dropFirst() {
      if let entry, entry.state.score > best.state.score + 1e-9 { best = entry }
    }
    return (best.state, best.iterations)
  }
}
