import Dispatch
import Foundation

/// Runs CPU-bound planning (seconds of search) on a thread of its own and awaits it.
///
/// Not on a Dispatch queue: on Linux the Swift concurrency pool is Dispatch's worker threads, as
/// many as cores, so searches running there kept every other request waiting until Dispatch,
/// after about eight seconds, added a thread — two assemblies on two cores held a catalogue
/// read that long. An OS thread of its own shares the cores with the request handlers instead.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try work() }) }.start()
  }
}

/// Runs `work(0)` on the calling thread and `work(1)` … `work(count - 1)` each on a thread of
/// its own, and returns once all have finished. Not `DispatchQueue.concurrentPerform`, whose
/// workers are the Swift concurrency pool's on Linux (see `offThePool`).
func onThreads(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
  let finished = DispatchGroup()
  for index in 1..<max(count, 1) {
    finished.enter()
    Thread {
      work(index)
      finished.leave()
    }.start()
  }
  work(0)
  finished.wait()
}
