import Journeys
import Testing

@Suite("OpeningHours")
struct OpeningHoursTests {
  func range(_ text: String) -> LocalTimeRange { LocalTimeRange(text)! }

  func period(_ from: String, _ to: String) -> AnnualPeriod {
    AnnualPeriod(from: MonthDay(from)!, to: MonthDay(to)!)
  }

  /// Open every day 09:00–18:00 and on public holidays.
  var everyDay: OpeningHours {
    var hours = OpeningHours.everyDay(range("09:00-18:00"))
    hours.publicHolidays = .open
    return hours
  }

  @Test func louvreLensIsClosedOnTuesdays() {
    let louvre = Basin.louvre.openingHours
    #expect(louvre.day(date("2026-06-09")).closed == .weekly(.tuesday))
    #expect(louvre.day(date("2026-06-10")).open == [range("10:00-18:00")])
  }

  @Test func returnsTheRangesOfADayInOrder() {
    let hours = OpeningHours(
      week: [.monday: [range("14:00-17:00"), range("09:00-12:00")]], publicHolidays: .open)
    #expect(hours.day(date("2026-06-08")).open == [range("09:00-12:00"), range("14:00-17:00")])
    #expect(hours.day(date("2026-06-07")).closed == .weekly(.sunday))
  }

  @Test func aSeasonWrappingTheYearEndReplacesTheWeek() {
    var hours = everyDay
    let winterWeek = Dictionary(
      uniqueKeysWithValues: Weekday.allCases.filter { $0 != .monday }.map {
        ($0, [range("10:00-16:00")])
      })
    hours.seasons = [.init(name: "hiver", period: period("11-01", "02-28"), week: winterWeek)]
    let winter = [range("10:00-16:00")]
    let summer = [range("09:00-18:00")]
    #expect(hours.day(date("2026-10-31")).open == summer)
    #expect(hours.day(date("2026-11-03")).open == winter)
    #expect(hours.day(date("2026-12-30")).open == winter)
    #expect(hours.day(date("2027-01-14")).open == winter)
    #expect(hours.day(date("2027-02-28")).open == winter)
    #expect(hours.day(date("2027-03-01")).open == summer)
    // Mondays are closed in winter only.
    #expect(hours.day(date("2026-11-02")).closed == .weekly(.monday))
    #expect(hours.day(date("2026-06-08")).open == summer)
  }

  @Test func anAnnualClosureComesBackEveryYearAcrossTheYearEnd() {
    var hours = everyDay
    hours.annualClosures = [.init(period: period("12-24", "01-02"), reason: "fêtes")]
    for closed in ["2026-12-24", "2026-12-31", "2027-01-01", "2027-01-02", "2027-12-24"] {
      #expect(
        hours.day(date(closed)).closed == .annual(.init(fr: "fêtes", en: "fêtes")), "\(closed)")
    }
    for open in ["2026-12-23", "2027-01-03"] {
      #expect(hours.day(date(open)).open == [range("09:00-18:00")], "\(open)")
    }
  }

  @Test func aOneOffClosureShutsOnlyThatDate() {
    var hours = everyDay
    hours.closures = [.init(date: date("2026-06-10"), reason: "inventaire")]
    #expect(
      hours.day(date("2026-06-10")).closed == .oneOff(.init(fr: "inventaire", en: "inventaire")))
    #expect(hours.day(date("2027-06-10")).open == [range("09:00-18:00")])
    #expect(hours.day(date("2026-06-11")).open == [range("09:00-18:00")])
  }

  @Test func aOneOffClosureTakesPrecedenceOverOtherReasons() {
    var hours = Basin.louvre.openingHours
    hours.closures = [.init(date: date("2026-06-09"))]
    #expect(hours.day(date("2026-06-09")).closed == .oneOff(nil))
  }

  @Test func aSiteClosedOnPublicHolidaysSaysWhichHoliday() {
    var hours = everyDay
    hours.publicHolidays = .closed
    let bastille = hours.day(date("2026-07-14"))
    let name = LocalizedText(fr: "Fête nationale", en: "Bastille Day")
    #expect(bastille.closed == .publicHoliday(name))
    let easterMonday = hours.day(date("2026-04-06"))
    let easter = LocalizedText(fr: "Lundi de Pâques", en: "Easter Monday")
    #expect(easterMonday.closed == .publicHoliday(easter))
    #expect(hours.day(date("2026-07-15")).open == [range("09:00-18:00")])
  }

  @Test func aSiteOpenOnPublicHolidaysKeepsItsWeeklyHours() {
    #expect(everyDay.day(date("2026-07-14")).open == [range("09:00-18:00")])
    #expect(everyDay.day(date("2026-05-14")).open == [range("09:00-18:00")])
  }

  @Test func aWeeklyClosedDayStaysClosedOnAPublicHolidayOpenSite() {
    // 14 July 2026 is a Tuesday: the Louvre-Lens is open on holidays but never on Tuesdays.
    let louvre = Basin.louvre.openingHours
    #expect(louvre.day(date("2026-07-14")).closed == .weekly(.tuesday))
  }
}

extension Result where Success == [LocalTimeRange], Failure == OpeningHours.DayClosed {
  /// Why the day is closed, nil when open.
  var closed: OpeningHours.ClosedReason? {
    if case .failure(let closed) = self { return closed.reason }
    return nil
  }

  /// The opening ranges, nil when closed.
  var open: [LocalTimeRange]? { try? get() }
}
