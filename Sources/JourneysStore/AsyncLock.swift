/// A first-come, first-served lock for async code.
///
/// An actor alone does not serialise a transaction: it lets other calls in at every `await`.
/// This lock is held across the awaits of a whole transaction.
actor AsyncLock {
  private var locked = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func lock() async {
    guard locked else {
      locked = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func unlock() {
    // Hand the lock straight to the next waiter so that nobody can jump the queue.
    if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
  }

  /// Runs `body` holding the lock.
  nonisolated func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    await lock()
    do {
      let result = try await body()
      await unlock()
      return result
    } catch {
      await unlock()
      throw error
    }
  }
}
