import Foundation
import Synchronization

/// Runs an operation for at most a given time: what `/ready` and `/metrics` need so that they
/// answer within seconds while the database does not (the connection pool waits up to a minute
/// before it gives up).
final class Deadline<T: Sendable>: Sendable {
  private let pending = Mutex<CheckedContinuation<Result<T, any Error>?, Never>?>(nil)
  private let tasks = Mutex<[Task<Void, Never>]>([])

  private init() {}

  /// The outcome of `operation`, or nil when it has not finished within `seconds`; it then goes
  /// on unobserved (cancelled, which a blocked database call may ignore), and the caller moves on.
  static func run(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async
    -> Result<T, any Error>?
  {
    let deadline = Deadline()
    return await withCheckedContinuation { continuation in
      deadline.pending.withLock { $0 = continuation }
      let work = Task {
        do { deadline.finish(.success(try await operation())) } catch {
          deadline.finish(.failure(error))
        }
      }
      let clock = Task {
        try? await Task.sleep(for: .seconds(seconds))
        deadline.finish(nil)
      }
      deadline.tasks.withLock { $0 = [work, clock] }
      // Either may have finished before both were recorded: cancel what is left.
      if deadline.pending.withLock({ $0 == nil }) {
        work.cancel()
        clock.cancel()
      }
    }
  }

  /// Resumes the caller with the first outcome; later ones are dropped.
  private func finish(_ outcome: Result<T, any Error>?) {
    guard let continuation = pending.withLock({ $0.take() }) else { return }
    for task in tasks.withLock({ $0 }) { task.cancel() }
    continuation.resume(returning: outcome)
  }
}
