import Foundation

/// Caps the assemblies searching at once.
///
/// Each assembly runs seconds of search on threads of its own. Without a cap a burst of requests
/// shares the cores among all of them and every one comes back late (N requests, 2N threads);
/// with it, a few search at full speed, a few more wait their turn, and the rest are told at once
/// when to try again instead of being kept waiting for minutes.
actor SearchSlots {
  /// Searches that run at once.
  let running: Int
  /// Requests that may wait for a slot; beyond them requests are turned away.
  let waiting: Int
  private var busy = 0
  private var queue: [CheckedContinuation<Void, Never>] = []

  /// By default as many searches as cores, each with two threads, and four times as many
  /// waiting: a waiting request then starts within a few search budgets.
  init(running: Int = ProcessInfo.processInfo.activeProcessorCount, waiting: Int? = nil) {
    self.running = max(1, running)
    self.waiting = max(0, waiting ?? 4 * self.running)
  }

  /// Runs `work` once a slot is free; throws `SearchesBusy` at once when the queue is full.
  /// `seconds` is the search's budget, from which the time to retry is estimated.
  nonisolated func run<T>(seconds: Double, _ work: () async throws -> T) async throws -> T {
    try await acquire(seconds: seconds)
    do {
      let result = try await work()
      await release()
      return result
    } catch {
      await release()
      throw error
    }
  }

  /// Takes a slot, waiting in line for one if need be.
  func acquire(seconds: Double) async throws {
    if busy < running {
      busy += 1
      return
    }
    guard queue.count < waiting else {
      // Those ahead each search about as long: a slot frees every budget or so.
      throw SearchesBusy(retryAfter: max(1, seconds.rounded(.up)))
    }
    // `release` hands its slot over, so `busy` stays as it is.
    await withCheckedContinuation { queue.append($0) }
    if Task.isCancelled {
      release()
      throw CancellationError()
    }
  }

  /// Gives a slot back, to the first request waiting if there is one.
  func release() {
    if queue.isEmpty {
      busy -= 1
    } else {
      queue.removeFirst().resume()
    }
  }
}

/// Every slot is taken and the queue is full.
struct SearchesBusy: Error {
  /// Seconds after which a new request is likely to find a place.
  let retryAfter: Double
}
