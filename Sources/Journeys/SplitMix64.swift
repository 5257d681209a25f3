/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, so that a seed replays the
/// same season, search or test on every platform (the system generator is neither seedable nor
/// stable across releases).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in 0..<bound (bound > 0); the tiny modulo bias is irrelevant to a heuristic.
  public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
