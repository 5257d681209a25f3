import Foundation
import Testing

@testable import Journeys
@testable import JourneysStore

/// The ledger a hold decides from on PostgreSQL is assembled from the weeks a process keeps:
/// whole weeks as kept, the edge days of the neighbouring weeks added to them. It must say
/// exactly what a ledger built from the visits of the dates alone says.
@Suite("LedgerWeeks: ledgers assembled from kept weeks")
struct LedgerWeeksTests {
  static let sites: [Site.ID] = ["base-11-19", "cite-des-electriciens"]
  static let guides: [Guide.ID] = ["camille", "malik"]

  /// Three weeks of random visits, booked for random dates, with their Mondays.
  static func weeks(seed: UInt64) -> (mondays: [LocalDate], weeks: [LedgerWeeks.Week]) {
    var rng = SplitMix64(seed: seed)
    let mondays = (0..<3).map { LocalDate("2027-03-01")!.adding(days: 7 * $0) }
    let weeks = mondays.enumerated().map { index, monday in
      var week = LedgerWeeks.Week(version: Int64(index))
      for number in 0..<Int.random(in: 0..<25, using: &rng) {
        let date = monday.adding(days: Int.random(in: 0..<7, using: &rng))
        let start = CivilTime.paris.boundary(
          on: date, at: LocalTime(minutes: Int.random(in: 8 * 60..<20 * 60, using: &rng))!)
        let visit = Visit(
          site: sites.randomElement(using: &rng)!, kind: .visit, start: start,
          end: start.addingTimeInterval(Double(Int.random(in: 1...4, using: &rng) * 1800)),
          guided: true, guide: Bool.random(using: &rng) ? guides.randomElement(using: &rng) : nil)
        week.add(
          Ledger.Entry(
            booking: Booking.ID("b\(index)-\(number)"),
            headcount: Int.random(in: 1...40, using: &rng), visit: visit),
          bookedFor: date, expiring: nil)
      }
      return week
    }
    return (mondays, weeks)
  }

  @Test(
    "the ledger of the days around any date of the middle week says what one built from those days' visits says",
    arguments: 0..<20)
  func assembledLedgersMatchBuiltOnes(seed: UInt64) {
    let (mondays, weeks) = Self.weeks(seed: seed)
    for offset in 0..<7 {
      let date = mondays[1].adding(days: offset)
      let dates = BookingService.weeks(around: date...date)
      let touched = LedgerWeeks.mondays(of: dates)
      let assembled = LedgerWeeks.ledger(
        of: dates, from: touched.map { weeks[mondays.firstIndex(of: $0)!] }, mondays: touched)
      let built = Ledger(
        entries: weeks.flatMap(\.entries).filter { dates.contains($0.booking) }.map(\.entry))
      #expect(Set(assembled.entries) == Set(built.entries))
      #expect(assembled.entries.count == built.entries.count)
      for day in stride(from: -8, through: 8, by: 1).map({ date.adding(days: $0) }) {
        for site in Self.sites {
          #expect(
            Set(assembled.visits(at: site, on: day)) == Set(built.visits(at: site, on: day)))
        }
        for guide in Self.guides {
          #expect(assembled.minutes(of: guide, on: day) == built.minutes(of: guide, on: day))
          #expect(
            Set(assembled.visits(of: guide, on: day)) == Set(built.visits(of: guide, on: day)))
        }
      }
      for guide in Self.guides {
        #expect(assembled.totalMinutes(of: guide) == built.totalMinutes(of: guide))
      }
    }
  }

  @Test func aKeptWeekTakesNewVisitsOnlyAtTheVersionTheyWereDecidedFrom() {
    let (mondays, weeks) = Self.weeks(seed: 7)
    let kept = LedgerWeeks()
    kept.keep(weeks[1], for: mondays[1])
    let date = mondays[1].adding(days: 2)
    let start = CivilTime.paris.boundary(on: date, at: LocalTime("10:00")!)
    let visit = Ledger.Entry(
      booking: "bk-new", headcount: 12,
      visit: Visit(
        site: Self.sites[0], kind: .visit, start: start, end: start.addingTimeInterval(3600),
        guided: true, guide: Self.guides[0]))
    kept.change(mondays[1], from: weeks[1].version, to: 10) { week in
      week.add(visit, bookedFor: date, expiring: nil)
    }
    let changed = kept.known([mondays[1]])[0]
    #expect(changed?.version == 10)
    #expect(changed?.entries.count == weeks[1].entries.count + 1)
    #expect(changed?.ledger.visits(at: Self.sites[0], on: date).contains(visit) == true)
    #expect(changed?.ledger.visits(of: Self.guides[0], on: date).contains(visit) == true)
    // Decided from a version no longer kept: the week is forgotten, to be read again.
    kept.change(mondays[1], from: weeks[1].version, to: 11) { week in
      week.add(visit, bookedFor: date, expiring: nil)
    }
    #expect(kept.known([mondays[1]])[0] == nil)
  }
}
