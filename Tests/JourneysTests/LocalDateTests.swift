import Foundation
import Journeys
import Testing

@Suite("LocalDate")
struct LocalDateTests {
  @Test func parsesAnIsoDate() throws {
    let parsed = try #require(LocalDate("2026-06-09"))
    #expect(parsed.year == 2026)
    #expect(parsed.month == 6)
    #expect(parsed.day == 9)
    #expect(parsed.description == "2026-06-09")
  }

  @Test(arguments: [
    "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
    "2026-06-00", "2026-6-9", "26-06-09", "2026-06-09T10:00", "2026/06/09", "abcd-ef-gh", "",
  ])
  func refusesDatesThatDoNotExistOrAreMalformed(text: String) {
    #expect(LocalDate(text) == nil)
  }

  @Test func acceptsLeapDays() {
    #expect(LocalDate("2024-02-29") != nil)
    #expect(LocalDate("2000-02-29") != nil)
    #expect(LocalDate(year: 2028, month: 2, day: 29) != nil)
    #expect(LocalDate(year: 2026, month: 2, day: 30) == nil)
  }

  @Test func padsTheYearMonthAndDay() {
    #expect(LocalDate(year: 987, month: 3, day: 4)?.description == "0987-03-04")
  }

  @Test(arguments: [
    ("1970-01-01", Weekday.thursday), ("1900-01-01", .monday), ("1918-11-11", .monday),
    ("2000-01-01", .saturday), ("2024-02-29", .thursday), ("2026-06-09", .tuesday),
    ("2026-07-14", .tuesday), ("2027-01-01", .friday), ("1969-12-31", .wednesday),
  ])
  func knowsTheWeekdayOfKnownDates(text: String, weekday: Weekday) {
    #expect(date(text).weekday == weekday)
  }

  @Test func countsDaysFromTheUnixEpoch() {
    #expect(date("1970-01-01").dayNumber == 0)
    #expect(date("1970-01-02").dayNumber == 1)
    #expect(date("1969-12-31").dayNumber == -1)
    #expect(date("2000-01-01").dayNumber == 10_957)
  }

  @Test func dayNumberRoundTripsOverFourThousandYears() {
    var mismatches: [Int] = []
    for n in stride(from: -800_000, through: 800_000, by: 7) {
      let day = LocalDate(dayNumber: n)
      if day.dayNumber != n || LocalDate(year: day.year, month: day.month, day: day.day) != day {
        mismatches.append(n)
      }
    }
    #expect(mismatches.isEmpty)
  }

  @Test func consecutiveDayNumbersAreConsecutiveCalendarDays() {
    var day = date("1999-12-25")
    for _ in 0..<4_000 {
      let next = day.adding(days: 1)
      let sameMonth = next.year == day.year && next.month == day.month && next.day == day.day + 1
      let newMonth = next.day == 1 && (next.month == day.month + 1 || next.month == 1)
      #expect(sameMonth || newMonth, "\(day) is followed by \(next)")
      #expect(next.dayNumber == day.dayNumber + 1)
      day = next
    }
  }

  @Test func agreesWithFoundationsGregorianCalendar() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var mismatches: [String] = []
    // From 1696 (the proleptic calendar and Foundation's agree after 1582) to 2517.
    for n in stride(from: -100_000, through: 200_000, by: 13) {
      let instant = Date(timeIntervalSince1970: Double(n) * 86_400)
      let parts = calendar.dateComponents([.year, .month, .day], from: instant)
      let day = LocalDate(dayNumber: n)
      if (parts.year, parts.month, parts.day) != (day.year, day.month, day.day) {
        mismatches.append("\(n): \(day)")
      }
    }
    #expect(mismatches.isEmpty)
  }

  @Test func addsAndMeasuresDaysAcrossYearEnds() {
    let christmas = date("2026-12-25")
    #expect(christmas.adding(days: 7) == date("2027-01-01"))
    #expect(christmas.adding(days: -358) == date("2026-01-01"))
    #expect(christmas.distance(to: date("2027-03-01")) == 66)
    #expect((date("2028-02-27")...date("2028-03-01")).count == 4)
    #expect(date("2026-06-09") < date("2026-06-10"))
  }

  @Test func encodesAsAString() throws {
    let json = try JSONEncoder().encode([date("2026-06-09")])
    #expect(String(decoding: json, as: UTF8.self) == #"["2026-06-09"]"#)
    let decoded = try JSONDecoder().decode([LocalDate].self, from: json)
    #expect(decoded == [date("2026-06-09")])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
    }
  }
}

@Suite("MonthDay and AnnualPeriod")
struct MonthDayTests {
  @Test func parsesMonthDaysIncludingTheLeapDay() {
    #expect(MonthDay("12-25") == MonthDay(month: 12, day: 25))
    #expect(MonthDay("02-29") == MonthDay(month: 2, day: 29))
    #expect(MonthDay("03-07")?.description == "03-07")
  }

  @Test(arguments: ["02-30", "04-31", "13-01", "00-10", "2-3", "12-25-01", "xx-yy", ""])
  func refusesMonthDaysThatNeverExist(text: String) {
    #expect(MonthDay(text) == nil)
  }

  @Test func ordersByMonthThenDay() {
    #expect(MonthDay(month: 1, day: 31) < MonthDay(month: 2, day: 1))
    #expect(MonthDay(month: 2, day: 1) < MonthDay(month: 2, day: 2))
  }

  @Test func aPeriodWithinTheYearContainsItsBounds() {
    let summer = AnnualPeriod(from: MonthDay(month: 4, day: 1), to: MonthDay(month: 9, day: 30))
    #expect(summer.contains(date("2026-04-01")))
    #expect(summer.contains(date("2026-09-30")))
    #expect(!summer.contains(date("2026-03-31")))
    #expect(!summer.contains(date("2026-10-01")))
  }

  @Test func aPeriodWrappingTheYearEndContainsBothEnds() {
    let winter = AnnualPeriod(from: MonthDay(month: 11, day: 15), to: MonthDay(month: 2, day: 28))
    #expect(winter.contains(date("2026-11-15")))
    #expect(winter.contains(date("2026-12-31")))
    #expect(winter.contains(date("2027-01-01")))
    #expect(winter.contains(date("2027-02-28")))
    #expect(!winter.contains(date("2027-03-01")))
    #expect(!winter.contains(date("2026-11-14")))
  }
}

@Suite("LocalTime")
struct LocalTimeTests {
  @Test(arguments: [("09:30", 570), ("9:30", 570), ("00:00", 0), ("24:00", 1440), ("23:59", 1439)])
  func parsesTimesOfDay(text: String, minutes: Int) {
    #expect(LocalTime(text)?.minutes == minutes)
  }

  @Test(arguments: ["9h30", "0930", "09:5", "09:60", "24:01", "25:00", "-1:00", "09:30:00", ""])
  func refusesMalformedTimes(text: String) {
    #expect(LocalTime(text) == nil)
  }

  @Test func writesHoursAndMinutesWithTwoDigits() {
    #expect(LocalTime(hour: 9, minute: 5)?.description == "09:05")
    #expect(time("14:45").hour == 14)
    #expect(time("14:45").minute == 45)
    #expect(LocalTime(minutes: 1441) == nil)
    #expect(time("09:00") < time("09:01"))
  }

  @Test func parsesRangesWhoseEndFollowsTheirStart() throws {
    let range = try #require(LocalTimeRange("09:00 - 12:30"))
    #expect(range.start == time("09:00"))
    #expect(range.end == time("12:30"))
    #expect(range.description == "09:00-12:30")
    #expect(LocalTimeRange("18:00-24:00") != nil)
    #expect(LocalTimeRange("12:00-09:00") == nil)
    #expect(LocalTimeRange("09:00-09:00") == nil)
    #expect(LocalTimeRange("09:00") == nil)
  }
}
