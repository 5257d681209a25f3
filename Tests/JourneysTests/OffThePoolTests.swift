import Foundation
import Testing

@testable import Journeys

/// A latch the spinning work polls; set once, by the task that proves the pool was free.
private final class Latch: @unchecked Sendable {
  private let lock = NSLock()
  private var set = false
  func open() { lock.withLock { set = true } }
  var isOpen: Bool { lock.withLock { set } }
}

/// Spins a core until `latch` opens or `patience` passes; true when it gave up.
private func spin(until latch: Latch, patience: Double) -> Bool {
  let deadline = Date().addingTimeInterval(patience)
  while !latch.isOpen {
    if Date() > deadline { return true }
  }
  return false
}

@Suite struct OffThePoolTests {
  /// Twice as many searches as cores keep their cores busy; a task started on the concurrency
  /// pool meanwhile must still run (it opens the latch that ends them), not wait for them.
  @Test func searchesOffThePoolLeaveTheConcurrencyPoolFree() async throws {
    let latch = Latch()
    let searches = 2 * ProcessInfo.processInfo.activeProcessorCount
    async let gaveUp: [Bool] = withThrowingTaskGroup(of: Bool.self) { group in
      for _ in 0..<searches {
        group.addTask { try await offThePool { spin(until: latch, patience: 3) } }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    // Give the searches time to take the cores before asking for a pool thread.
    try await Task.sleep(for: .milliseconds(200))
    await Task.detached { latch.open() }.value
    #expect(try await gaveUp == Array(repeating: false, count: searches))
  }

  /// The parallel threads of one search are not the pool's either.
  @Test func parallelSearchThreadsLeaveTheConcurrencyPoolFree() async throws {
    let latch = Latch()
    let threads = 2 * ProcessInfo.processInfo.activeProcessorCount
    async let gaveUp: [Bool?] = offThePool {
      let results = Results(count: threads)
      onThreads(threads) { index in results.record(index, spin(until: latch, patience: 3)) }
      return results.values
    }
    try await Task.sleep(for: .milliseconds(200))
    await Task.detached { latch.open() }.value
    #expect(try await gaveUp == Array(repeating: false, count: threads) as [Bool?])
  }

  /// What the service does when two groups assemble at once: two searches of two threads.
  @Test func twoParallelSearchesAtOnceLeaveTheConcurrencyPoolFree() async throws {
    let latch = Latch()
    let threads = ProcessInfo.processInfo.activeProcessorCount
    async let gaveUp: [[Bool?]] = withThrowingTaskGroup(of: [Bool?].self) { group in
      for _ in 0..<2 {
        group.addTask {
          try await offThePool {
            let results = Results(count: threads)
            onThreads(threads) { index in results.record(index, spin(until: latch, patience: 3)) }
            return results.values
          }
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    try await Task.sleep(for: .milliseconds(200))
    await Task.detached { latch.open() }.value
    #expect(try await gaveUp.joined().allSatisfy { $0 == false })
  }

  @Test func onThreadsRunsEveryIndexOnceAndReturnsWhenAllHaveFinished() {
    let results = Results(count: 5)
    onThreads(5) { index in
      Thread.sleep(forTimeInterval: 0.01 * Double(5 - index))
      results.record(index, true)
    }
    #expect(results.values == Array(repeating: true, count: 5) as [Bool?])
  }
}

/// One slot per thread, written under a lock.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Bool?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func record(_ index: Int, _ value: Bool) {
    lock.withLock {
      precondition(slots[index] == nil, "index \(index) ran twice")
      slots[index] = value
    }
  }
  var values: [Bool?] { lock.withLock { slots } }
}
