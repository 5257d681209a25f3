import Foundation
import Journeys
import JourneysStore
import Synchronization
import Testing

@testable import BookingAPI

@Suite("Deadline, and the answer when the database does not answer")
struct DeadlineTests {
  @Test func anOperationThatFinishesInTimeGivesItsOutcome() async throws {
    let done = await Deadline.run(seconds: 5) { 42 }
    #expect(try done?.get() == 42)
    let failed = await Deadline.run(seconds: 5) { () throws -> Int in throw CancellationError() }
    #expect(failed.map { if case .failure = $0 { true } else { false } } == true)
  }

  @Test func anOperationThatDoesNotFinishIsLeftBehindAtTheDeadline() async {
    let released = Atomic<Bool>(false)
    let outcome = await Deadline.run(seconds: 0.2) { () async throws -> Int in
      // Ignores cancellation, like a call a lost connection never answers; it ends only once
      // the test is over. No timing is asserted: a busy machine may run the clock late.
      while !released.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(20)) }
      return 1
    }
    released.store(true, ordering: .relaxed)
    #expect(outcome == nil)
  }

  @Test func aDatabaseThatDoesNotAnswerIs503WithAWaitNot500() {
    for language: Language in [.english, .french] {
      let problem = Problem.from(
        StoreError.unreachable("db:5432", "refused"), language: language, civil: .paris)
      #expect(problem.status == .serviceUnavailable)
      #expect(problem.body._type == "/problems/store-unavailable")
      #expect(problem.headers[.retryAfter] == "\(Problem.outageRetry)")
    }
  }
}
