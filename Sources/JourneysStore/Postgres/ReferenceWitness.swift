import Synchronization

/// What the database last said of `reference_version`, to calls numbered in the order they
/// were sent: a refusal needs to know that the reference data it was decided from were
/// current at some instant while it was being made, and any call sent after the refusal began
/// that compares or reads the version (a hold's write, another refusal's check) tells it.
///
/// A refusal marks when it began (`mark`). When it is decided, a call sent since that has come
/// back answers at once. Otherwise, while other calls are on their way (the process is busy),
/// it waits a little for the next one sent since to come back; when idle, or when none does in
/// time, the refusal reads the version itself. Under load most refusals so cost no round trip
/// of their own.
final class ReferenceWitness: Sendable {
  private struct Waiter {
    let id: UInt64
    let after: UInt64
    let version: Int64
    let continuation: CheckedContinuation<Bool, Never>
  }

  private struct State {
    /// The number of the last call sent.
    var sent: UInt64 = 0
    /// How many calls are on their way.
    var pending = 0
    /// The latest call back that found the version, and the version it found.
    var latest: (call: UInt64, version: Int64)?
    var waiters: [Waiter] = []
    var lastWaiter: UInt64 = 0
  }

  private let state = Mutex(State())
  /// How long a refusal waits for another call to answer before asking itself.
  let patience: Duration

  init(patience: Duration = .milliseconds(10)) { self.patience = patience }

  /// The instant a refusal begins, as the number of the last call sent before it.
  func mark() -> UInt64 { state.withLock { $0.sent } }

  /// Sends `call`, which reads or compares `reference_version`, numbered in order, and records
  /// the version `found` says it found (none when it throws).
  func witness<Answer>(_ call: () async throws -> Answer, found: (Answer) -> Int64?)
    async throws -> Answer
  {
    let number = send()
    do {
      let answer = try await call()
      settle(number, found: found(answer))
      return answer
    } catch {
      settle(number, found: nil)
      throw error
    }
  }

  /// Numbers a call about to be sent; `settle` must follow whatever it answers.
  func send() -> UInt64 {
    state.withLock { state in
      state.sent += 1
      state.pending += 1
      return state.sent
    }
  }

  /// Records what call `number` found: the version current when the database read it, or
  /// nil when it did not say (refused as stale, failed).
  func settle(_ number: UInt64, found version: Int64?) {
    let ready = state.withLock { state -> [(CheckedContinuation<Bool, Never>, Bool)] in
      state.pending -= 1
      guard let version else { return [] }
      if (state.latest?.call ?? 0) < number { state.latest = (number, version) }
      var ready: [(CheckedContinuation<Bool, Never>, Bool)] = []
      state.waiters.removeAll { waiter in
        guard waiter.after < number else { return false }
        ready.append((waiter.continuation, version == waiter.version))
        return true
      }
      return ready
    }
    for (continuation, answer) in ready { continuation.resume(returning: answer) }
  }

  /// Whether `version` was current at some instant after `mark`, as a call sent since found
  /// it; false when no call says so in time (the caller then reads the version itself).
  func confirms(_ version: Int64, since mark: UInt64) async -> Bool {
    let known = state.withLock { state -> Bool? in
      if let latest = state.latest, latest.call > mark { return latest.version == version }
      return state.pending > 0 ? nil : false
    }
    if let known { return known }
    return await withCheckedContinuation { continuation in
      let waiter = state.withLock { state -> UInt64? in
        // Settled between the two locks: answered from what is known now.
        if let latest = state.latest, latest.call > mark { return nil }
        state.lastWaiter += 1
        state.waiters.append(
          Waiter(id: state.lastWaiter, after: mark, version: version, continuation: continuation))
        return state.lastWaiter
      }
      guard let waiter else {
        continuation.resume(returning: state.withLock { $0.latest?.version == version })
        return
      }
      Task { [patience] in
        try? await Task.sleep(for: patience)
        self.giveUp(waiter)
      }
    }
  }

  /// Ends a wait that no call answered in time.
  private func giveUp(_ id: UInt64) {
    let waiter = state.withLock { state -> Waiter? in
      guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
      return state.waiters.remove(at: index)
    }
    waiter?.continuation.resume(returning: false)
  }
}
