import Foundation
import Journeys
import Synchronization

/// Locks on weeks within this process: two holds of one week are decided one after the other
/// here rather than side by side, one of them to be refused by `write_hold` and decided again.
///
/// Only an economy: the database still refuses a hold decided from a week another process
/// changed meanwhile.
final class WeekLocks: Sendable {
  private let locks = Mutex<[LocalDate: AsyncLock]>([:])
  /// When each call now holding locks took them, by call.
  private let holders = Mutex<[UUID: Date]>([:])

  /// When the longest-running call still holding its weeks took them; nil when none does.
  var oldestHolder: Date? { holders.withLock { $0.values.min() } }

  /// Runs `body` holding the locks of `mondays`, taken earliest first so that two callers never
  /// wait for each other in a circle.
  func withLocks<T: Sendable>(
    _ mondays: [LocalDate], _ body: @Sendable () async throws -> T
  ) async throws -> T {
    let held = locks.withLock { locks in
      mondays.sorted().map { monday in
        if let lock = locks[monday] { return lock }
        let lock = AsyncLock()
        locks[monday] = lock
        return lock
      }
    }
    for lock in held { await lock.lock() }
    let call = UUID()
    holders.withLock { $0[call] = Date() }
    defer { holders.withLock { $0[call] = nil } }
    do {
      // A request abandoned while it waited is not written.
      try Task.checkCancellation()
      let result = try await body()
      for lock in held.reversed() { await lock.unlock() }
      return result
    } catch {
      for lock in held.reversed() { await lock.unlock() }
      throw error
    }
  }
}
