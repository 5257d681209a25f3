import Foundation
import Hummingbird
import HummingbirdTesting
import Journeys
import Synchronization
import Testing

@testable import BookingAPI

@Suite("Assemblies searching at once")
struct SearchSlotsTests {
  @Test func aRequestBeyondTheSlotsWaitsItsTurnAndStartsWhenOneIsFreed() async throws {
    let slots = SearchSlots(running: 1, waiting: 1)
    try await slots.acquire(seconds: 2)
    let ran = Mutex(false)
    let started = Task {
      try await slots.run(seconds: 2) {
        ran.withLock { $0 = true }
        return "ran"
      }
    }
    // The second request is in line, not turned away, and has not run.
    try await Task.sleep(for: .milliseconds(100))
    #expect(!ran.withLock { $0 })
    await slots.release()
    #expect(try await started.value == "ran")
    // Both slots are free again: two more run one after the other without waiting in line.
    #expect(try await slots.run(seconds: 1) { 1 } == 1)
    #expect(try await slots.run(seconds: 1) { 2 } == 2)
  }

  @Test func aRequestBeyondTheQueueIsTurnedAwayAtOnceWithATimeToRetry() async throws {
    let slots = SearchSlots(running: 1, waiting: 0)
    try await slots.acquire(seconds: 2)
    await #expect(throws: SearchesBusy.self) { try await slots.run(seconds: 2.5) { () } }
    do {
      try await slots.acquire(seconds: 2.5)
      Issue.record("a full queue took one more request")
    } catch let busy as SearchesBusy {
      #expect(busy.retryAfter == 3)
    }
    await slots.release()
    // A failing search gives its slot back too.
    await #expect(throws: CancellationError.self) {
      try await slots.run(seconds: 1) { throw CancellationError() }
    }
    #expect(try await slots.run(seconds: 1) { true })
  }

  @Test func theAPIAnswersBusyWithRetryAfterWhenEverySearchIsTaken() async throws {
    let slots = SearchSlots(running: 1, waiting: 0)
    try await slots.acquire(seconds: 10)
    try await APIHarness.withHarness { harness in
      let app = Application(router: try buildRouter(service: harness.service, assemblies: slots))
      try await app.test(.router) { client in
        let answer = try await client.raw(
          .post, "/v1/journeys/assemble?lang=en", AssemblyEndpointTests.request)
        #expect(answer.status == .serviceUnavailable)
        #expect(answer.headers[.retryAfter] == "1")
        #expect(answer.body.contains("searches-busy"))
        await slots.release()
        let second = try await client.raw(
          .post, "/v1/journeys/assemble?lang=en", AssemblyEndpointTests.request)
        #expect(second.status == .ok)
      }
    }
  }
}
