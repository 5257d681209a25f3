import Foundation

/// A time zone's offsets from UTC between 1970 and 2100, worked out once: the rules convert
/// civil times to instants several times per stop and per guide, and each question to the
/// system's time zone costs a lock and a calendar computation.
///
/// Outside those years, or for a zone whose transitions the system does not list in full
/// (checked when the table is built), every answer comes from the zone itself.
final class ZoneOffsets: Sendable {
  let timeZone: TimeZone
  /// Instants (seconds since 1970) at which the offset changes, in order; `after[i]` is the
  /// offset from `changes[i]` on, `first` the one before `changes[0]`.
  private let changes: [Double]
  private let after: [Int]
  private let first: Int
  /// Whether the table answers for instants of `span`.
  let complete: Bool

  /// The years the table covers: 1970-01-01 to 2100-01-01, UTC.
  static let span: Range<Double> = 0..<4_102_444_800

  init(_ timeZone: TimeZone) {
    self.timeZone = timeZone
    first = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Self.span.lowerBound))
    var changes: [Double] = []
    var after: [Int] = []
    var cursor = Date(timeIntervalSince1970: Self.span.lowerBound)
    while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
      next.timeIntervalSince1970 < Self.span.upperBound, next > cursor
    {
      changes.append(next.timeIntervalSince1970)
      after.append(timeZone.secondsFromGMT(for: next))
      cursor = next
    }
    self.changes = changes
    self.after = after
    // Each stretch between two listed changes must have one offset at both ends: a change the
    // system does not list (a zone changing its standard offset, say) leaves the table off. A
    // safety net, not a proof (a change and its reversal both unlisted inside one stretch
    // would pass): ICU lists every change of offset, which the tests check zone by zone.
    let ends = changes + [Self.span.upperBound]
    let offsets = [first] + after
    complete = offsets.indices.allSatisfy { index in
      timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: ends[index] - 1))
        == offsets[index]
    }
  }

  /// Seconds east of UTC in force at `instant`.
  func seconds(at instant: Date) -> Int {
    let t = instant.timeIntervalSince1970
    guard complete, Self.span.contains(t) else { return timeZone.secondsFromGMT(for: instant) }
    // The last change at or before `t`, by binary search.
    var (low, high) = (0, changes.count)
    while low < high {
      let middle = (low + high) / 2
      if changes[middle] <= t { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? first : after[low - 1]
  }
}
