import Foundation

/// When to stop: the clock and an iteration cap. The clock is read only every few iterations,
/// and only decides where to stop, never which move is made, so runs stay reproducible.
struct RosterBudget {
  let started: UInt64
  let deadline: UInt64?
  let iterationLimit: Int?

  init(seconds: Double?, iterations: Int?) {
    started = DispatchTime.now().uptimeNanoseconds
    if let seconds {
      deadline = started + UInt64(max(0, seconds) * 1e9)
    } else if iterations == nil {
      deadline = started + 10_000_000_000
    } else {
      deadline = nil
    }
    iterationLimit = iterations
  }

  /// A budget for a part of the run: `fraction` of what is left of this one.
  func share(_ fraction: Double, iterations: Int?) -> RosterBudget {
    let now = DispatchTime.now().uptimeNanoseconds
    let seconds = deadline.map { Double($0 > now ? $0 - now : 0) / 1e9 * fraction }
    return RosterBudget(seconds: seconds, iterations: iterations, started: started)
  }

  private init(seconds: Double?, iterations: Int?, started: UInt64) {
    self.started = started
    let now = DispatchTime.now().uptimeNanoseconds
    deadline = seconds.map { now + UInt64(max(0, $0) * 1e9) }
    iterationLimit = iterations
  }

  /// Seconds since the run started.
  var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

  /// Whether `iteration` is past the cap or (checked every 64 iterations) the clock is out.
  func exhausted(_ iteration: Int) -> Bool {
    if let iterationLimit, iteration >= iterationLimit { return true }
    if let deadline, iteration & 63 == 0 {
      return DispatchTime.now().uptimeNanoseconds >= deadline
    }
    return false
  }

  /// Whether the clock is out, checked now.
  var expired: Bool {
    if let deadline { return DispatchTime.now().uptimeNanoseconds >= deadline }
    return false
  }
}
