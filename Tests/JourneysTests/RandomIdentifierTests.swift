import Journeys
import Testing

@Suite("Random identifiers")
struct RandomIdentifierTests {
  static let alphabet = Set("abcdefghijkmnpqrstuvwxyz23456789")

  @Test(arguments: [0, 1, 11, 12, 13, 20, 24, 32, 100])
  func haveTheLengthAskedForAndOnlyCharactersWithoutLookAlikes(count: Int) {
    let text = RandomBookingIdentifiers.text(count)
    #expect(text.count == count)
    #expect(text.allSatisfy { Self.alphabet.contains($0) })
  }

  @Test func useEveryCharacterOfTheAlphabetInEveryPositionAndNeverRepeat() {
    let ids = (0..<2_000).map { _ in RandomBookingIdentifiers().next().rawValue }
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.hasPrefix("bk-") && $0.count == 23 })
    // 2,000 draws per position leave a character unseen with probability about 32 e^-62.5:
    // a position fed by the wrong bits of a draw (always the same, or a biased few) fails.
    for position in 3..<23 {
      let seen = Set(ids.map { Array($0)[position] })
      #expect(seen == Self.alphabet, "position \(position)")
    }
  }
}
