import Journeys
import Testing

@Suite("FrenchHolidays")
struct FrenchHolidaysTests {
  /// Year, Easter Sunday, Easter Monday, Ascension, Whit Monday.
  static let movable: [(Int, String, String, String, String)] = [
    (2025, "2025-04-20", "2025-04-21", "2025-05-29", "2025-06-09"),
    (2026, "2026-04-05", "2026-04-06", "2026-05-14", "2026-05-25"),
    (2027, "2027-03-28", "2027-03-29", "2027-05-06", "2027-05-17"),
    (2028, "2028-04-16", "2028-04-17", "2028-05-25", "2028-06-05"),
    (2029, "2029-04-01", "2029-04-02", "2029-05-10", "2029-05-21"),
    (2030, "2030-04-21", "2030-04-22", "2030-05-30", "2030-06-10"),
  ]

  @Test(arguments: movable)
  func easterBasedHolidaysFallOnTheRightDays(
    year: Int, easter: String, monday: String, ascension: String, whitMonday: String
  ) {
    #expect(FrenchHolidays.easterSunday(year) == date(easter))
    #expect(FrenchHolidays.holiday(on: date(monday))?.name.en == "Easter Monday")
    #expect(FrenchHolidays.holiday(on: date(ascension))?.name.en == "Ascension Day")
    #expect(FrenchHolidays.holiday(on: date(whitMonday))?.name.en == "Whit Monday")
    #expect(FrenchHolidays.holiday(on: date(monday))?.name.fr == "Lundi de Pâques")
    #expect(FrenchHolidays.holiday(on: date(whitMonday))?.name.fr == "Lundi de Pentecôte")
    // Easter Monday is a Monday, Ascension a Thursday, Whit Monday a Monday.
    #expect(date(monday).weekday == .monday)
    #expect(date(ascension).weekday == .thursday)
    #expect(date(whitMonday).weekday == .monday)
    // The table agrees with the offsets from Easter Sunday.
    #expect(date(easter).adding(days: 1) == date(monday))
    #expect(date(easter).adding(days: 39) == date(ascension))
    #expect(date(easter).adding(days: 50) == date(whitMonday))
  }

  @Test(arguments: [
    (2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"), (2019, "2019-04-21"),
    (2024, "2024-03-31"), (2038, "2038-04-25"),
  ])
  func computesEasterSundayOfOtherKnownYears(year: Int, easter: String) {
    #expect(FrenchHolidays.easterSunday(year) == date(easter))
  }

  @Test(arguments: 2025...2030)
  func eachYearHasExactlyElevenHolidaysInDateOrder(year: Int) {
    let holidays = FrenchHolidays.holidays(in: year)
    #expect(holidays.count == 11)
    #expect(Set(holidays.map(\.date)).count == 11)
    #expect(holidays.allSatisfy { $0.date.year == year })
    #expect(holidays.map(\.date) == holidays.map(\.date).sorted())
    #expect(holidays.allSatisfy { !$0.name.fr.isEmpty && !$0.name.en.isEmpty })
  }

  @Test(arguments: 2025...2030)
  func fixedHolidaysAreAllThere(year: Int) {
    let dates = Set(FrenchHolidays.holidays(in: year).map(\.date))
    for (month, day) in [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)] {
      #expect(dates.contains(LocalDate(year: year, month: month, day: day)!), "\(month)-\(day)")
    }
  }

  @Test(arguments: 2025...2030)
  func goodFridayAndSaintStephensDayAreNotHolidaysInTheBasin(year: Int) {
    let goodFriday = FrenchHolidays.easterSunday(year).adding(days: -2)
    #expect(FrenchHolidays.holiday(on: goodFriday) == nil)
    #expect(FrenchHolidays.holiday(on: LocalDate(year: year, month: 12, day: 26)!) == nil)
    #expect(FrenchHolidays.holiday(on: FrenchHolidays.easterSunday(year)) == nil)
  }

  @Test func namesBastilleDayInBothLanguages() {
    let holiday = FrenchHolidays.holiday(on: date("2026-07-14"))
    #expect(holiday?.name.fr == "Fête nationale")
    #expect(holiday?.name.en == "Bastille Day")
    #expect(FrenchHolidays.holiday(on: date("2026-07-15")) == nil)
  }
}
