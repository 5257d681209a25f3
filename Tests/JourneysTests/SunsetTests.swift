import Foundation
import Journeys
import Testing

@Suite("Sunset and daylight-only sites")
struct SunsetTests {
  typealias B = Basin

  /// Monday 21 December 2026, winter solstice: the sun sets at about 16:46 at Loos.
  let december = "2026-12-21"
  /// Sunday 21 June 2026, summer solstice: the sun sets at about 22:03 (summer time).
  let june = "2026-06-21"

  /// Minutes between the civil time of `instant` in Paris and `hhmm` on `day`.
  func minutesFrom(_ instant: Date, _ day: String, _ hhmm: String) -> Double {
    abs(instant.timeIntervalSince(paris(day, hhmm))) / 60
  }

  func sunsetAtLoos(_ day: String) throws -> Date {
    try #require(Sunset.instant(on: date(day), latitude: 50.44, longitude: 2.79))
  }

  @Test func theSunSetsAtLoosAtAboutQuarterToFiveOnTheWinterSolstice() throws {
    let sunset = try sunsetAtLoos(december)
    #expect(minutesFrom(sunset, december, "16:46") <= 3)
    #expect(CivilTime.paris.civil(sunset).date == date(december))
  }

  @Test func theSunSetsAtLoosAtAboutThreeMinutesPastTenOnTheSummerSolstice() throws {
    // 22:03 in Paris is 20:03 UTC: summer time is taken into account by the civil conversion.
    let sunset = try sunsetAtLoos(june)
    #expect(minutesFrom(sunset, june, "22:03") <= 3)
    #expect(CivilTime.paris.offset(at: sunset) == 7200)
  }

  @Test func theSunSetsLaterEachDayInSpringAndEarlierInAutumn() throws {
    let march = try sunsetAtLoos("2026-03-10")
    let nextMarch = try sunsetAtLoos("2026-03-11")
    #expect(nextMarch.timeIntervalSince(march) > 86_400)
    let october = try sunsetAtLoos("2026-10-10")
    let nextOctober = try sunsetAtLoos("2026-10-11")
    #expect(nextOctober.timeIntervalSince(october) < 86_400)
  }

  @Test func thereIsNoSunsetInThePolarNight() {
    #expect(Sunset.instant(on: date(december), latitude: 78.22, longitude: 15.65) == nil)
    #expect(Sunset.instant(on: date(june), latitude: 78.22, longitude: 15.65) == nil)
  }

  @Test func aSiteSunsetIsTheSunsetAtItsCoordinates() throws {
    let site = B.terrils
    let bySite = try #require(Sunset.instant(on: date(december), at: site))
    let byCoordinates = try #require(
      Sunset.instant(
        on: date(december), latitude: site.location.latitude,
        longitude: site.location.longitude))
    #expect(bySite == byCoordinates)
  }

  // MARK: The rule

  /// The twin slag heaps, open late but visited in daylight only when `daylight` is set.
  func terrils(daylight: Bool?) -> Site {
    var site = B.terrils
    site.openingHours = B.hours("08:00-23:00")
    site.endsBeforeSunset = daylight
    return site
  }

  /// A 90-minute climb starting at `start` on `day`.
  func climb(on day: String, from start: String, daylight: Bool?) -> Programme {
    let journey = B.journey([B.stop(B.terrilsID, 90)], day: "\(start)-23:00")
    let context = B.context(sites: [terrils(daylight: daylight), B.base, B.louvre])
    return JourneyScheduler.schedule(journey, on: date(day), for: B.group(), in: context)
  }

  @Test func aDaylightOnlyClimbEndingAfterSunsetInDecemberIsRefused() throws {
    // 16:00 + 90 minutes is 17:30, after the 16:46 sunset.
    let programme = climb(on: december, from: "16:00", daylight: true)
    #expect(programme.codes == [.siteAfterSunset])
    let violation = try #require(programme.violations.first)
    #expect(violation.code.rawValue == "site.after_sunset")
    #expect(violation.site == B.terrilsID)
    #expect(violation.date == date(december))
    #expect(violation.start == paris(december, "16:00"))
    let sunset = try #require(violation.end)
    #expect(minutesFrom(sunset, december, "16:46") <= 3)
    #expect(
      violation.message.en.hasPrefix("Terrils jumeaux is visited in daylight: the sun sets at 16:4")
    )
    #expect(violation.message.en.hasSuffix("so a 90-minute visit from 16:00 would end too late."))
    #expect(violation.message.fr.contains("le soleil se couche à 16:4"))
  }

  @Test func theSameClimbInJuneEndsWellBeforeSunset() {
    let programme = climb(on: june, from: "16:00", daylight: true)
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.end == paris(june, "17:30"))
  }

  @Test func aDaylightOnlyClimbEndingBeforeSunsetInDecemberIsBooked() {
    // 15:00–16:30 ends before the 16:46 sunset.
    let programme = climb(on: december, from: "15:00", daylight: true)
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.start == paris(december, "15:00"))
  }

  @Test(arguments: [false, nil] as [Bool?])
  func aSiteThatDoesNotEndBeforeSunsetIsUnaffected(daylight: Bool?) {
    let programme = climb(on: december, from: "16:00", daylight: daylight)
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.end == paris(december, "17:30"))
  }

  @Test func anOptionalClimbAfterSunsetIsLeftOutWithTheReason() throws {
    let journey = B.journey(
      [B.stop(B.baseID, 60), B.stop(B.terrilsID, 90, mandatory: false)], day: "15:30-23:00")
    let context = B.context(sites: [terrils(daylight: true), B.base, B.louvre])
    let programme = JourneyScheduler.schedule(
      journey, on: date(december), for: B.group(), in: context)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.site) == [B.baseID])
    let omitted = try #require(programme.omitted.first)
    #expect(omitted.site == B.terrilsID)
    #expect(omitted.reasons.map(\.code) == [.siteAfterSunset])
  }
}
