import Foundation
import Journeys
import Testing

@Suite("Site booking window: notice and horizon")
struct BookingWindowTests {
  typealias B = Basin

  /// The base, booked at least 7 days and at most 60 days ahead.
  static let base: Site = {
    var site = Basin.base
    site.bookingWindow = .init(minimumNoticeDays: 7, horizonDays: 60)
    return site
  }()

  func schedule(on day: String, site: Site = base, now: Date = B.now) -> Programme {
    let context = B.context(sites: [site, B.terrils, B.louvre], now: now)
    return JourneyScheduler.schedule(
      B.journey([B.stop(B.baseID, 60)]), on: date(day), for: B.group(), in: context)
  }

  // Now is Monday 4 May 2026, 08:00 in Paris.
  @Test(arguments: [
    ("2026-05-04", [Violation.Code.siteNotice]),  // today
    ("2026-05-10", [.siteNotice]),  // 6 days ahead
    ("2026-05-11", []),  // 7 days ahead: just enough notice
    ("2026-06-15", []),
    ("2026-07-03", []),  // 60 days ahead: the furthest date taken
    ("2026-07-04", [.siteHorizon]),  // 61 days ahead
    ("2027-01-05", [.siteHorizon]),
  ])
  func aDateIsBookableOnlyBetweenTheNoticeAndTheHorizon(day: String, codes: [Violation.Code]) {
    let programme = schedule(on: day)
    #expect(programme.violations.map(\.code) == codes, "\(day)")
    #expect(programme.violations.allSatisfy { $0.site == B.baseID && $0.date == date(day) })
  }

  @Test func theNoticeViolationSaysHowManyDaysAheadTheSiteNeeds() throws {
    let violation = try #require(schedule(on: "2026-05-10").violations.first)
    #expect(violation.code.rawValue == "site.notice")
    #expect(
      violation.message.en
        == "Base 11/19 must be booked at least 7 days ahead; Sunday 10 May 2026 is too soon.")
    #expect(
      violation.message.fr
        == "Il faut réserver Base 11/19 au moins 7 jours à l'avance ; le dimanche 10 mai 2026 est trop proche."
    )
  }

  @Test func theHorizonViolationSaysHowFarAheadTheSiteTakesBookings() throws {
    let violation = try #require(schedule(on: "2026-07-04").violations.first)
    #expect(violation.code.rawValue == "site.horizon")
    #expect(
      violation.message.en
        == "Base 11/19 takes bookings at most 60 days ahead; Saturday 4 July 2026 is too far.")
  }

  @Test func daysAheadAreCountedFromTheCivilDateInParisNotInUTC() {
    // 00:30 on 4 May in Paris is still 3 May in UTC: counted in Paris, 10 May is 6 days ahead
    // (too soon) and 3 July 60 days ahead (still taken).
    let justAfterMidnight = paris("2026-05-04", "00:30")
    #expect(schedule(on: "2026-05-10", now: justAfterMidnight).codes == [.siteNotice])
    #expect(schedule(on: "2026-05-11", now: justAfterMidnight).isFeasible)
    #expect(schedule(on: "2026-07-03", now: justAfterMidnight).isFeasible)
    // 23:30 on 4 May in Paris is still 4 May: the same answers.
    let lateEvening = paris("2026-05-04", "23:30")
    #expect(schedule(on: "2026-05-10", now: lateEvening).codes == [.siteNotice])
    #expect(schedule(on: "2026-07-04", now: lateEvening).codes == [.siteHorizon])
  }

  @Test func aPastDateIsReportedAsPastNotAsTooSoon() {
    #expect(schedule(on: "2026-05-03").codes == [.datePast])
  }

  @Test func aSiteWithoutABookingWindowTakesAnyFutureDate() {
    for day in ["2026-05-04", "2026-05-05", "2027-05-04"] {
      #expect(schedule(on: day, site: B.base).isFeasible, "\(day)")
    }
  }

  @Test func anOptionalStopOutsideItsBookingWindowIsLeftOut() throws {
    let journey = B.journey([B.stop(B.terrilsID, 60), B.stop(B.baseID, 60, mandatory: false)])
    let context = B.context(sites: [Self.base, B.terrils, B.louvre])
    let programme = JourneyScheduler.schedule(
      journey, on: date("2026-05-06"), for: B.group(), in: context)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.site) == [B.terrilsID])
    let omitted = try #require(programme.omitted.first)
    #expect(omitted.reasons.map(\.code) == [.siteNotice])
  }
}
