import Foundation
import Journeys
import Testing

@Suite("CivilTime in Europe/Paris")
struct CivilTimeTests {
  let civil = CivilTime.paris

  /// Seconds since 1970 of a UTC date and time.
  func utc(_ day: String, _ hhmm: String) -> Date {
    Date(timeIntervalSince1970: Double(date(day).dayNumber * 86_400 + time(hhmm).minutes * 60))
  }

  static let springForward = ["2026-03-29", "2027-03-28"]
  static let fallBack = ["2026-10-25", "2027-10-31"]

  @Test(arguments: springForward)
  func halfPastTwoDoesNotExistOnSpringForwardDay(day: String) {
    #expect(civil.instants(on: date(day), at: time("02:30")).isEmpty)
    #expect(throws: CivilTime.ConversionError.nonexistent(date(day), time("02:30"))) {
      try civil.instant(on: date(day), at: time("02:30"))
    }
    #expect(throws: CivilTime.ConversionError.nonexistent(date(day), time("02:00"))) {
      try civil.instant(on: date(day), at: time("02:00"))
    }
  }

  @Test(arguments: springForward)
  func clocksJumpFromTwoToThreeOnSpringForwardDay(day: String) throws {
    let before = try civil.instant(on: date(day), at: time("01:59"))
    let after = try civil.instant(on: date(day), at: time("03:00"))
    #expect(after.timeIntervalSince(before) == 60)
    #expect(after == utc(day, "01:00"))
    #expect(civil.iso8601(before) == "\(day)T01:59:00+01:00")
    #expect(civil.iso8601(after) == "\(day)T03:00:00+02:00")
  }

  @Test(arguments: fallBack)
  func halfPastTwoHappensTwiceOnFallBackDay(day: String) throws {
    let both = civil.instants(on: date(day), at: time("02:30"))
    try #require(both.count == 2)
    #expect(both[1].timeIntervalSince(both[0]) == 3_600)
    #expect(both[0] == utc(day, "00:30"))
    #expect(civil.offset(at: both[0]) == 7_200)
    #expect(civil.offset(at: both[1]) == 3_600)
    #expect(civil.iso8601(both[0]) == "\(day)T02:30:00+02:00")
    #expect(civil.iso8601(both[1]) == "\(day)T02:30:00+01:00")
    #expect(try civil.instant(on: date(day), at: time("02:30")) == both[0])
    #expect(try civil.instant(on: date(day), at: time("02:30"), ambiguity: .earlier) == both[0])
    #expect(try civil.instant(on: date(day), at: time("02:30"), ambiguity: .later) == both[1])
  }

  @Test(arguments: fallBack)
  func theFallBackDayLastsTwentyFiveHours(day: String) throws {
    let midnight = try civil.instant(on: date(day), at: time("00:00"))
    let next = try civil.instant(on: date(day).adding(days: 1), at: time("00:00"))
    #expect(next.timeIntervalSince(midnight) == 25 * 3_600)
  }

  @Test(arguments: springForward)
  func theSpringForwardDayLastsTwentyThreeHours(day: String) throws {
    let midnight = try civil.instant(on: date(day), at: time("00:00"))
    let next = try civil.instant(on: date(day).adding(days: 1), at: time("00:00"))
    #expect(next.timeIntervalSince(midnight) == 23 * 3_600)
  }

  @Test func writesIso8601WithTheOffsetInForce() throws {
    let summer = try civil.instant(on: date("2027-05-12"), at: time("09:30"))
    #expect(summer == utc("2027-05-12", "07:30"))
    #expect(civil.iso8601(summer) == "2027-05-12T09:30:00+02:00")
    let winter = try civil.instant(on: date("2026-01-15"), at: time("09:30"))
    #expect(winter == utc("2026-01-15", "08:30"))
    #expect(civil.iso8601(winter) == "2026-01-15T09:30:00+01:00")
    #expect(civil.iso8601(utc("2026-12-31", "23:15")) == "2027-01-01T00:15:00+01:00")
  }

  @Test(arguments: springForward + fallBack + ["2026-06-09", "2026-12-31"])
  func civilReadsBackEveryMinuteThatExists(day: String) {
    var mismatches: [String] = []
    for minutes in stride(from: 0, to: 1_440, by: 10) {
      let clock = LocalTime(minutes: minutes)!
      for instant in civil.instants(on: date(day), at: clock) {
        let (readDate, readTime) = civil.civil(instant)
        if readDate != date(day) || readTime != clock { mismatches.append("\(clock)") }
      }
    }
    #expect(mismatches.isEmpty)
  }

  @Test(arguments: springForward)
  func aBoundaryInTheGapMovesToThreeOClock(day: String) throws {
    let three = try civil.instant(on: date(day), at: time("03:00"))
    #expect(civil.boundary(on: date(day), at: time("02:00")) == three)
    #expect(civil.boundary(on: date(day), at: time("02:30")) == three)
    #expect(civil.boundary(on: date(day), at: time("02:59")) == three)
    #expect(
      civil.iso8601(civil.boundary(on: date(day), at: time("02:30"))) == "\(day)T03:00:00+02:00")
  }

  @Test func aBoundaryOutsideTheGapIsTheInstantItself() throws {
    let opening = try civil.instant(on: date("2026-03-29"), at: time("10:00"))
    #expect(civil.boundary(on: date("2026-03-29"), at: time("10:00")) == opening)
    let ambiguous = try civil.instant(on: date("2026-10-25"), at: time("02:30"))
    #expect(civil.boundary(on: date("2026-10-25"), at: time("02:30")) == ambiguous)
    let midnight = civil.boundary(on: date("2026-06-10"), at: time("24:00"))
    #expect(midnight == (try civil.instant(on: date("2026-06-11"), at: time("00:00"))))
  }

  @Test func aDeadlineIsSpokenAsAPersonWouldSayIt() {
    let civil = CivilTime.paris
    #expect(civil.spoken(paris("2026-12-07", "18:00")).en == "Monday 7 December 2026 at 18:00")
    // Midnight is the end of the day before.
    let midnight = civil.spoken(paris("2026-12-07", "00:00"))
    #expect(midnight.en == "the end of Sunday 6 December 2026")
    #expect(midnight.fr == "la fin du dimanche 6 décembre 2026")
  }
}
