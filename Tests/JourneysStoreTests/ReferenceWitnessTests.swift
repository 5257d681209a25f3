import Testing

@testable import JourneysStore

/// A refusal counts the reference version as checked only from a call sent after it began.
@Suite("ReferenceWitness")
struct ReferenceWitnessTests {
  @Test func aCallSentBeforeTheRefusalBeganSaysNothing() async {
    let witness = ReferenceWitness()
    let before = witness.send()
    let mark = witness.mark()
    witness.settle(before, found: 7)
    #expect(await witness.confirms(7, since: mark) == false)
  }

  @Test func aCallSentSinceThatFoundTheVersionConfirmsItAndNoOther() async {
    let witness = ReferenceWitness()
    let mark = witness.mark()
    let since = witness.send()
    witness.settle(since, found: 7)
    #expect(await witness.confirms(7, since: mark))
    #expect(await witness.confirms(6, since: mark) == false)
    // A refusal that began after that call learns nothing from it.
    #expect(await witness.confirms(7, since: witness.mark()) == false)
  }

  @Test func whileBusyTheNextCallSentSinceIsWaitedFor() async {
    let witness = ReferenceWitness(patience: .seconds(60))
    let earlier = witness.send()
    let mark = witness.mark()
    async let confirmed = witness.confirms(7, since: mark)
    try? await Task.sleep(for: .milliseconds(20))
    // The earlier call says nothing for the refusal; a call sent since, found stale, neither.
    witness.settle(earlier, found: 7)
    let stale = witness.send()
    witness.settle(stale, found: nil)
    let since = witness.send()
    try? await Task.sleep(for: .milliseconds(20))
    witness.settle(since, found: 7)
    #expect(await confirmed)
  }

  @Test func aWaitNoCallAnswersEndsAfterThePatience() async {
    let witness = ReferenceWitness(patience: .milliseconds(30))
    let onItsWay = witness.send()
    let started = ContinuousClock.now
    #expect(await witness.confirms(7, since: witness.mark()) == false)
    #expect(ContinuousClock.now - started >= .milliseconds(30))
    witness.settle(onItsWay, found: 7)
  }

  @Test func whenIdleTheRefusalAsksAtOnce() async {
    let witness = ReferenceWitness(patience: .seconds(60))
    #expect(await witness.confirms(7, since: witness.mark()) == false)
  }
}
