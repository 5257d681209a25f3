import Foundation
import Journeys
import JourneysStore
import Testing

/// The catalogue fields behind the booking rules: a site's booking window and daylight-only
/// visits, a journey's lunch window. Reuses the small catalogue of `CatalogueErrorTests`.
@Suite("CatalogueReader: booking window, sunset and lunch window")
struct CatalogueRuleFieldsTests {
  typealias Fixture = CatalogueErrorTests

  /// The fixture site with `extra` appended: its first line is line 17 of the file.
  static func site(_ extra: String) -> String { Fixture.site + extra }
  /// The fixture journey with `extra` appended: its first line is line 22 of the file.
  static func journey(_ extra: String) -> String { Fixture.journey + extra }

  func catalogue(site: String = Fixture.site, journey: String = Fixture.journey) throws
    -> Catalogue
  {
    try Fixture().read(site: site, journey: journey).0.get()
  }

  func issues(site: String = Fixture.site, journey: String = Fixture.journey) throws
    -> [CatalogueIssue]
  {
    try Fixture().issues(site: site, journey: journey).issues
  }

  @Test func theRuleFieldsAreOptional() throws {
    let catalogue = try catalogue()
    let site = try #require(catalogue.sites.first)
    #expect(site.bookingWindow == nil)
    #expect(site.endsBeforeSunset == nil)
    #expect(catalogue.journeys.first?.lunchWindow == nil)
  }

  @Test func readsASitesBookingWindowAndDaylightOnlyVisits() throws {
    let site = Self.site(
      """
      booking_window:
        min_notice_days: 3
        horizon_days: 365
      ends_before_sunset: true

      """)
    let read = try #require(try catalogue(site: site).sites.first)
    #expect(read.bookingWindow == .init(minimumNoticeDays: 3, horizonDays: 365))
    #expect(read.endsBeforeSunset == true)
  }

  @Test func readsAJourneysLunchWindow() throws {
    let journey = Self.journey(
      """
      lunch_window:
        start: "12:00"
        end: "13:30"

      """)
    let read = try #require(try catalogue(journey: journey).journeys.first)
    #expect(read.lunchWindow == .init(start: LocalTime("12:00")!, end: LocalTime("13:30")!))
  }

  @Test func aBadBookingWindowValueIsReportedAtTheValue() throws {
    let site = Self.site(
      """
      booking_window:
        min_notice_days: 3
        horizon_days: soon

      """)
    let issues = try issues(site: site)
    #expect(issues.count == 1)
    let issue = try #require(issues.first)
    #expect(issue.file.hasSuffix("/sites/test-site.yaml"))
    #expect((issue.line, issue.column) == (19, 17))
    #expect(issue.message == "expected horizon_days (a whole number), found “soon”")
  }

  @Test func aNegativeNoticeIsOutOfRange() throws {
    let site = Self.site("booking_window: {min_notice_days: -1, horizon_days: 30}\n")
    let issues = try issues(site: site)
    #expect(issues.map(\.line) == [17])
    #expect(issues.map(\.column) == [35])
    #expect(issues.first?.message == "min_notice_days must be between 0 and 365, found -1")
  }

  @Test func aBookingWindowMissingAKeyIsReportedAtItsMapping() throws {
    let site = Self.site("booking_window:\n  min_notice_days: 3\n")
    let issues = try issues(site: site)
    #expect(
      issues.map { "\($0.line):\($0.column): \($0.message)" }
        == ["18:3: missing required key “horizon_days”"])
  }

  @Test func aMistypedBookingWindowKeyIsReported() throws {
    let site = Self.site("booking_window: {min_notice: 3, horizon_days: 30}\n")
    let messages = try issues(site: site).map(\.message)
    #expect(messages.contains { $0.hasPrefix("unknown key “min_notice” in the booking window") })
    #expect(messages.contains("missing required key “min_notice_days”"))
  }

  @Test func endsBeforeSunsetMustBeTrueOrFalse() throws {
    let issues = try issues(site: Self.site("ends_before_sunset: sometimes\n"))
    #expect(
      issues.map { "\($0.line):\($0.column): \($0.message)" }
        == ["17:21: expected ends_before_sunset (true or false), found “sometimes”"])
  }

  @Test func aBadlyWrittenLunchWindowIsReportedAtTheValue() throws {
    let journey = Self.journey("lunch_window:\n  start: \"12h\"\n  end: \"13:30\"\n")
    let issues = try issues(journey: journey)
    let issue = try #require(issues.first)
    #expect(issues.count == 1)
    #expect(issue.file.hasSuffix("/journeys/test-journey.yaml"))
    #expect((issue.line, issue.column) == (23, 10))
    #expect(issue.message.hasSuffix("as HH:MM, found “12h”"))
  }

  @Test func aLunchWindowEndingBeforeItStartsIsRefused() throws {
    let journey = Self.journey("lunch_window: {start: \"14:00\", end: \"12:00\"}\n")
    let issues = try issues(journey: journey)
    #expect(issues.map(\.line) == [22])
    #expect(issues.first?.message.contains("before it starts") == true)
  }
}
