import Foundation
import Journeys
import Testing

@Suite("A site's room in the ledger")
struct LedgerRoomTests {
  @Test func hasRoomAnswersAsThePeakOfGroupsPresentDoes() {
    var rng = SplitMix64(seed: 7)
    let day = LocalDate(year: 2027, month: 5, day: 12)!
    let nine = CivilTime.paris.boundary(on: day, at: LocalTime(minutes: 9 * 60)!)
    func minutes(_ m: Int) -> Date { nine.addingTimeInterval(Double(m * 60)) }
    for _ in 0..<400 {
      // Up to eight visits of five-minute steps over the morning, some touching end to start.
      let entries = (0..<Int.random(in: 0...8, using: &rng)).map { index in
        let start = 5 * Int.random(in: 0...36, using: &rng)
        return Ledger.Entry(
          booking: .init("b\(index)"), headcount: 10,
          visit: Visit(
            site: "s", kind: .visit, start: minutes(start),
            end: minutes(start + 5 * Int.random(in: 1...12, using: &rng)), guided: false))
      }
      let ledger = Ledger(entries: entries)
      let start = 5 * Int.random(in: 0...36, using: &rng)
      let (from, to) = (minutes(start), minutes(start + 5 * Int.random(in: 1...12, using: &rng)))
      let peak = ledger.peakGroups(at: "s", on: day, from: from, to: to)
      for limit in 0...5 {
        #expect(
          ledger.hasRoom(at: "s", on: day, from: from, to: to, below: limit) == (peak < limit))
      }
      #expect(ledger.hasRoom(at: "elsewhere", on: day, from: from, to: to, below: 1))
    }
  }

  @Test func aSiteReceivesAtLeastAsManyBookingsAsItHasDistinctOnes() {
    var rng = SplitMix64(seed: 11)
    let day = LocalDate(year: 2027, month: 5, day: 12)!
    let nine = CivilTime.paris.boundary(on: day, at: LocalTime(minutes: 9 * 60)!)
    for _ in 0..<300 {
      // Up to eight visits of up to four bookings: a booking may come back to the site.
      let entries = (0..<Int.random(in: 0...8, using: &rng)).map { index in
        Ledger.Entry(
          booking: .init("b\(Int.random(in: 0...3, using: &rng))"), headcount: 10,
          visit: Visit(
            site: "s", kind: .visit, start: nine.addingTimeInterval(Double(index * 3600)),
            end: nine.addingTimeInterval(Double(index * 3600 + 1800)), guided: false))
      }
      let ledger = Ledger(entries: entries)
      let distinct = Set(entries.map(\.booking)).count
      for limit in 0...9 {
        #expect(ledger.receives(atLeast: limit, at: "s", on: day) == (distinct >= limit))
      }
      #expect(!ledger.receives(atLeast: 1, at: "elsewhere", on: day))
    }
  }
}
