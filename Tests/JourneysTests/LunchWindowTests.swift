import Foundation
import Journeys
import Testing

@Suite("Lunch window")
struct LunchWindowTests {
  typealias B = Basin

  /// Wednesday 10 June 2026.
  let wednesday = "2026-06-10"

  static let estaminetID: Site.ID = "loos-estaminet"

  /// A restaurant next to the base, open 11:00–16:00.
  static let estaminet = Basin.site(
    estaminetID, name: "Estaminet", hours: Basin.hours("11:00-16:00"),
    capacity: .init(maxGroupSize: 60, simultaneousGroups: 3, groupsPerDay: 6),
    themes: [.food], latitude: 50.4590, longitude: 2.7930)

  static let lunch = Journey.Stop(
    site: estaminetID, kind: .lunch, minutes: 60, guided: false,
    activity: .init(fr: "Déjeuner", en: "Lunch"))

  /// Ten minutes between the base and the estaminet.
  static let context: BookingContext = {
    var travel = Basin.travel
    travel.overrides[.init(Basin.baseID, estaminetID)] = 10
    return BookingContext(
      sites: Basin.sites + [estaminet], guides: Basin.guides, ledger: Ledger(), travel: travel,
      now: Basin.now)
  }()

  /// The base for `minutes` from 09:00, then lunch, then the base again for an hour.
  func day(morning minutes: Int, lunchWindow: String? = nil) -> Programme {
    var journey = B.journey([B.stop(B.baseID, minutes), Self.lunch, B.stop(B.baseID, 60)])
    if let lunchWindow, let range = LocalTimeRange(lunchWindow) {
      journey.lunchWindow = .init(start: range.start, end: range.end)
    }
    return JourneyScheduler.schedule(
      journey, on: date(wednesday), for: B.group(), in: Self.context)
  }

  @Test func theDefaultLunchWindowIsHalfPastElevenToTwo() {
    #expect(Journey.defaultLunchWindow.start == time("11:30"))
    #expect(Journey.defaultLunchWindow.end == time("14:00"))
  }

  @Test func aGroupArrivingEarlyWaitsForHalfPastElevenToLunch() throws {
    // The base 09:00–10:00, at the estaminet at 10:10, which is open from 11:00.
    let programme = day(morning: 60)
    #expect(programme.isFeasible)
    let lunch = try #require(programme.visits.first { $0.kind == .lunch })
    #expect(lunch.site == Self.estaminetID)
    #expect(lunch.start == paris(wednesday, "11:30"))
    #expect(lunch.end == paris(wednesday, "12:30"))
    #expect(lunch.guide == nil)
    // The afternoon carries on from the end of lunch.
    #expect(programme.visits.last?.start == paris(wednesday, "12:40"))
  }

  @Test func aGroupArrivingWithinTheWindowLunchesOnArrival() throws {
    // The base 09:00–12:00, at the estaminet at 12:10.
    let programme = day(morning: 180)
    #expect(programme.isFeasible)
    let lunch = try #require(programme.visits.first { $0.kind == .lunch })
    #expect(lunch.start == paris(wednesday, "12:10"))
  }

  @Test func aLunchStartingAtTwoOClockIsStillOnTime() throws {
    // The base 09:00–13:50, at the estaminet at 14:00: the last minute of the window.
    let programme = day(morning: 290)
    #expect(programme.isFeasible)
    let lunch = try #require(programme.visits.first { $0.kind == .lunch })
    #expect(lunch.start == paris(wednesday, "14:00"))
  }

  @Test func aLunchThatCanOnlyStartAfterTwoOClockIsRefused() throws {
    // The base 09:00–14:00, at the estaminet at 14:10.
    let programme = day(morning: 300)
    #expect(programme.codes == [.journeyLunchWindow])
    let violation = try #require(programme.violations.first)
    #expect(violation.code.rawValue == "journey.lunch_window")
    #expect(violation.journey == "loos-ville-pilote")
    #expect(violation.date == date(wednesday))
    #expect(violation.start == paris(wednesday, "14:10"))
    #expect(
      violation.message.en
        == "Lunch would start at 14:10, outside the planned window (11:30–14:00).")
    #expect(
      violation.message.fr
        == "Le déjeuner commencerait à 14:10, hors de la plage prévue (11:30–14:00).")
  }

  @Test func aJourneyWithItsOwnLunchWindowWaitsForItsStart() throws {
    let programme = day(morning: 60, lunchWindow: "12:30-13:30")
    #expect(programme.isFeasible)
    let lunch = try #require(programme.visits.first { $0.kind == .lunch })
    #expect(lunch.start == paris(wednesday, "12:30"))
  }

  @Test func aJourneyWithItsOwnLunchWindowIsHeldToItsEnd() throws {
    // The base 09:00–13:30, lunch at 13:40: fine by the usual window, late by the journey's.
    #expect(day(morning: 270).isFeasible)
    let programme = day(morning: 270, lunchWindow: "12:30-13:30")
    #expect(programme.codes == [.journeyLunchWindow])
    let violation = try #require(programme.violations.first)
    #expect(violation.start == paris(wednesday, "13:40"))
    #expect(violation.message.en.hasSuffix("outside the planned window (12:30–13:30)."))
  }

  @Test func onlyLunchStopsWaitForTheLunchWindow() throws {
    // A visit of the estaminet rather than a lunch starts as soon as it opens.
    var visit = Self.lunch
    visit.kind = .visit
    let journey = B.journey([B.stop(B.baseID, 60), visit])
    let programme = JourneyScheduler.schedule(
      journey, on: date(wednesday), for: B.group(), in: Self.context)
    #expect(programme.isFeasible)
    #expect(programme.visits.last?.start == paris(wednesday, "11:00"))
  }
}
