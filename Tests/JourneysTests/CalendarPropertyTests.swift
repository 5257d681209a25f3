import Foundation
import Journeys
import PropertyBased
import Testing

/// Properties of civil dates and times over wide random ranges, checked with PropertyBased.
@Suite("Calendar properties")
struct CalendarPropertyTests {
  /// Any real date from 1900 through 2100.
  static let dates = zip(Gen.int(in: 1900...2100), Gen.int(in: 1...12), Gen.int(in: 1...31))
    .compactMap { LocalDate(year: $0, month: $1, day: $2) }

  /// Day numbers of 1900-01-01 through 2100-12-31.
  static let dayNumbers = Gen.int(
    in: LocalDate(year: 1900, month: 1, day: 1)!
      .dayNumber...LocalDate(
        year: 2100, month: 12, day: 31)!.dayNumber)

  /// Instants on whole minutes from 2025 through 2030.
  static let minutes = Gen.int(
    in: Int(
      paris("2025-01-01", "00:00").timeIntervalSince1970 / 60)...Int(
        paris("2030-12-31", "23:59").timeIntervalSince1970 / 60)
  ).map { Date(timeIntervalSince1970: Double($0) * 60) }

  static var gregorian: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
  }

  static func index(_ weekday: Weekday) -> Int { Weekday.allCases.firstIndex(of: weekday)! }

  @Test func aDateRoundTripsThroughItsDayNumber() async {
    await propertyCheck(count: 500, input: Self.dates) { day in
      let back = LocalDate(dayNumber: day.dayNumber)
      #expect(back == day)
      #expect(LocalDate(day.description) == day)
    }
  }

  @Test func aDayNumberRoundTripsThroughItsDate() async {
    await propertyCheck(count: 500, input: Self.dayNumbers) { number in
      let day = LocalDate(dayNumber: number)
      #expect(day.dayNumber == number)
      #expect(LocalDate(year: day.year, month: day.month, day: day.day) == day)
      #expect((1900...2100).contains(day.year))
    }
  }

  @Test func theNextDayIsOneDayLaterAndOneWeekdayOn() async {
    await propertyCheck(count: 500, input: Self.dates) { day in
      let next = day.adding(days: 1)
      #expect(day.distance(to: next) == 1)
      #expect(day < next)
      #expect(Self.index(next.weekday) == (Self.index(day.weekday) + 1) % 7)
      // Either the day after in the same month, or the first of the next month.
      #expect(
        (next.year, next.month, next.day) == (day.year, day.month, day.day + 1)
          || (next.day == 1 && (next.month == day.month % 12 + 1)))
    }
  }

  @Test func weekdaysAgreeWithFoundationsGregorianCalendar() async {
    await propertyCheck(count: 300, input: Self.dates) { day in
      let components = DateComponents(year: day.year, month: day.month, day: day.day)
      let instant = Self.gregorian.date(from: components)!
      // Foundation: 1 = Sunday … 7 = Saturday; ours: 0 = Monday … 6 = Sunday.
      let foundation = Self.gregorian.component(.weekday, from: instant)
      #expect(Self.index(day.weekday) == (foundation + 5) % 7)
      #expect(Int(instant.timeIntervalSince1970 / 86_400) == day.dayNumber)
    }
  }

  @Test func aMinuteIsAmongTheInstantsOfItsOwnCivilTime() async {
    await propertyCheck(count: 1000, input: Self.minutes) { instant in
      let civil = CivilTime.paris
      let (day, time) = civil.civil(instant)
      let instants = civil.instants(on: day, at: time)
      #expect(instants.contains(instant), "\(civil.iso8601(instant))")
      #expect((1...2).contains(instants.count))
      // Read back, every one of them shows the same civil time.
      for other in instants {
        #expect(civil.civil(other) == (day, time))
      }
      let earlier = try? civil.instant(on: day, at: time, ambiguity: .earlier)
      let later = try? civil.instant(on: day, at: time, ambiguity: .later)
      #expect(earlier == instants.first && later == instants.last)
    }
  }

  @Test func anInstantIsAmongTheInstantsOfItsCivilMinute() async {
    // Seconds are dropped: the civil minute maps back to the start of that minute.
    let seconds = zip(Self.minutes, Gen.int(in: 0...59))
    await propertyCheck(count: 300, input: seconds) { minute, second in
      let instant = minute.addingTimeInterval(Double(second))
      let (day, time) = CivilTime.paris.civil(instant)
      #expect(CivilTime.paris.instants(on: day, at: time).contains(minute))
    }
  }

  @Test func onlyTheFallBackHourHappensTwiceAndOnlyTheSpringGapNever() async {
    let civilTimes = zip(Self.minutes, Gen.int(in: 0...1439)).map { instant, minutes in
      (CivilTime.paris.civil(instant).date, LocalTime(minutes: minutes)!)
    }
    await propertyCheck(count: 1000, input: civilTimes) { day, time in
      let count = CivilTime.paris.instants(on: day, at: time).count
      let lastSunday = { (month: Int) in
        day.month == month && day.weekday == .sunday && day.adding(days: 7).month != month
      }
      let changeHour = (2 * 60..<3 * 60).contains(time.minutes)
      let expected = changeHour && lastSunday(10) ? 2 : changeHour && lastSunday(3) ? 0 : 1
      #expect(count == expected, "\(day) \(time)")
    }
  }
}
