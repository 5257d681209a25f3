import Dispatch

/// Runs CPU-bound planning (seconds of search) on a Dispatch thread and awaits it: on the
/// cooperative pool, with as many threads as cores, it would keep other requests waiting.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global(qos: .userInitiated).async {
      continuation.resume(with: Result { try work() })
    }
  }
}
