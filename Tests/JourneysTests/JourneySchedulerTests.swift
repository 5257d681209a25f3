import Foundation
import Journeys
import Testing

@Suite("JourneyScheduler: programme and site rules")
struct JourneySchedulerTests {
  typealias B = Basin

  /// Wednesday 10 June 2026, every fixture site open.
  let wednesday = "2026-06-10"
  /// Tuesday 9 June 2026, the Louvre-Lens closed.
  let tuesday = "2026-06-09"

  func schedule(
    _ journey: Journey, on day: String, group: GroupProfile = B.group(),
    context: BookingContext = B.context()
  ) -> Programme {
    JourneyScheduler.schedule(journey, on: date(day), for: group, in: context)
  }

  @Test func timesAFeasibleProgrammeWaitingForTheFirstSiteToOpen() {
    // The day starts at 09:00 but the Louvre-Lens opens at 10:00; 20 minutes to the base.
    let journey = B.journey([B.stop(B.louvreID, 90), B.stop(B.baseID, 60)])
    let programme = schedule(journey, on: wednesday)
    #expect(programme.isFeasible)
    #expect(programme.violations.isEmpty)
    #expect(programme.omitted.isEmpty)
    #expect(programme.visits.map(\.site) == [B.louvreID, B.baseID])
    #expect(
      programme.visits.map(\.start) == [paris(wednesday, "10:00"), paris(wednesday, "11:50")])
    #expect(programme.visits.map(\.end) == [paris(wednesday, "11:30"), paris(wednesday, "12:50")])
    #expect(programme.visits.map(\.guide) == [B.camille.id, B.camille.id])
    #expect(programme.visits.allSatisfy { $0.activity.en == "Visit" && $0.kind == .visit })
  }

  @Test func anUnguidedStopGetsNoGuide() {
    let journey = B.journey([B.stop(B.baseID, 60, guided: false)])
    let programme = schedule(journey, on: wednesday, context: B.context(guides: []))
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.guide == nil)
  }

  @Test func louvreLensIsClosedOnTuesdays() throws {
    let programme = schedule(B.journey([B.stop(B.louvreID, 90)]), on: tuesday)
    #expect(!programme.isFeasible)
    let violation = try #require(programme.violations.first)
    #expect(programme.violations.count == 1)
    #expect(violation.code == .siteClosed)
    #expect(violation.code.rawValue == "site.closed")
    #expect(violation.site == B.louvreID)
    #expect(violation.date == date(tuesday))
    #expect(violation.message.fr == "Louvre-Lens ferme le mardi (mardi 9 juin 2026).")
    #expect(violation.message.en == "Louvre-Lens is closed on Tuesdays (Tuesday 9 June 2026).")
  }

  @Test func aVisitThatWouldRunPastClosingIsRefused() {
    // The terrils close at 17:00: a 3-hour visit from 15:00 does not fit.
    let journey = B.journey([B.stop(B.terrilsID, 180)], day: "15:00-19:00")
    let programme = schedule(journey, on: wednesday)
    #expect(programme.codes == [.siteClosed])
    #expect(programme.violations.first?.message.en.contains("from 10:00 to 17:00") == true)
  }

  @Test func reportsEveryViolationNotOnlyTheFirst() throws {
    // 35 people with a wheelchair user on a Tuesday: too many for the terrils, which are not
    // step-free either, and for the Louvre-Lens, which is closed anyway.
    let journey = B.journey([B.stop(B.terrilsID, 60), B.stop(B.louvreID, 60)])
    let group = B.group(35, "en", wheelchairUsers: 1)
    let programme = schedule(journey, on: tuesday, group: group)
    #expect(
      programme.violations.map(\.code)
        == [.siteGroupTooLarge, .siteAccessibility, .siteGroupTooLarge, .siteClosed])
    #expect(
      programme.violations.map(\.site) == [B.terrilsID, B.terrilsID, B.louvreID, B.louvreID])
    let tooLarge = try #require(programme.violations.first)
    #expect(
      tooLarge.message.en == "Terrils jumeaux takes groups of at most 30 people; yours has 35.")
    #expect(programme.visits.count == 2, "the tentative visits explain the refusal")
  }

  @Test func aGroupTooLargeInALanguageNotOfferedGetsBothJourneyViolations() {
    // 50 German speakers: the journey says it once for the day, not again at every stop.
    let journey = B.journey([B.stop(B.baseID, 60), B.stop(B.terrilsID, 60)])
    let programme = schedule(journey, on: wednesday, group: B.group(50, "de"))
    #expect(programme.violations.map(\.code) == [.journeyGroupSize, .journeyLanguage])
    let size = programme.violations.first { $0.code == .journeyGroupSize }
    // Its stops' own limits are named once, there, for a delegation weighing a split.
    #expect(
      size?.message.en
        == "This journey takes groups of 5 to 40 people; yours has 50 (Base 11/19: at most 40, Terrils jumeaux: at most 30)."
    )
    let smaller = schedule(journey, on: wednesday, group: B.group(3, "fr"))
    #expect(
      smaller.violations.first?.message.en
        == "This journey takes groups of 5 to 40 people; yours has 3.")
    let language = programme.violations.first { $0.code == .journeyLanguage }
    #expect(
      language?.message.en == "This journey is not offered in German (languages: French, English).")
  }

  @Test func aSiteThatCannotTakeTheGroupIsReportedEvenWhenTheJourneyCan() {
    // The journey takes 40 in German; the base takes 40 but not in German, the terrils only 30.
    let journey = B.journey(
      [B.stop(B.baseID, 60), B.stop(B.terrilsID, 60)], languages: ["fr", "de"])
    let programme = schedule(journey, on: wednesday, group: B.group(35, "de"))
    #expect(programme.violations.map(\.code) == [.siteLanguage, .siteGroupTooLarge, .siteLanguage])
    #expect(programme.violations.map(\.site) == [B.baseID, B.terrilsID, B.terrilsID])
  }

  @Test func programmesStartOnTheFiveMinutes() {
    // 7 minutes from the base to the terrils: the visit starts at 10:10, not 10:07.
    var travel = B.travel
    travel.overrides[.init(B.baseID, B.terrilsID)] = 7
    let context = BookingContext(
      sites: B.sites, guides: B.guides, ledger: Ledger(), travel: travel, now: B.now)
    let journey = B.journey([B.stop(B.baseID, 60), B.stop(B.terrilsID, 60)], day: "09:00-18:00")
    let programme = schedule(journey, on: wednesday, context: context)
    #expect(
      programme.visits.map(\.start) == [paris(wednesday, "09:00"), paris(wednesday, "10:10")])
  }

  @Test func anOptionalStopIsLeftOutWhenTheSiteIsClosed() throws {
    let journey = B.journey([
      B.stop(B.baseID, 60), B.stop(B.louvreID, 90, mandatory: false), B.stop(B.terrilsID, 60),
    ])
    let programme = schedule(journey, on: tuesday)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.site) == [B.baseID, B.terrilsID])
    let omitted = try #require(programme.omitted.first)
    #expect(omitted.site == B.louvreID)
    #expect(omitted.reasons.map(\.code) == [.siteClosed])
    // The group travels from the base straight to the terrils: 10:00 + 15 minutes.
    #expect(programme.visits[1].start == paris(tuesday, "10:15"))
  }

  @Test func anOptionalStopThatWouldBreakTheDayIsLeftOutSayingWhy() throws {
    // Base 09:00–10:00, terrils 10:15–11:15, Louvre from 11:45 would end at 12:45, after 12:00.
    let journey = B.journey(
      [B.stop(B.baseID, 60), B.stop(B.terrilsID, 60, mandatory: false), B.stop(B.louvreID, 60)],
      day: "09:00-12:00")
    let programme = schedule(journey, on: wednesday)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.site) == [B.baseID, B.louvreID])
    let omitted = try #require(programme.omitted.first)
    #expect(omitted.site == B.terrilsID)
    // Why: left out, then what the day would have broken with it.
    #expect(omitted.reasons.map(\.code) == [.journeyDayWindow, .journeyDayWindow])
    #expect(omitted.reasons.first?.message.en.contains("left out so that") == true)
    // The same day with the stop made mandatory is refused for the end of day.
    var strict = journey
    strict.stops[1].mandatory = true
    #expect(schedule(strict, on: wednesday).codes == [.journeyDayWindow])
  }

  @Test func aDayRefusedEvenWithoutItsOptionalStopSaysWhatTheRestBreaks() throws {
    // Tuesday: the Louvre, which must be visited, is closed. The optional terrils would also
    // push the day past 11:30, but that is not why it cannot take place.
    let journey = B.journey(
      [B.stop(B.baseID, 60), B.stop(B.terrilsID, 60, mandatory: false), B.stop(B.louvreID, 60)],
      day: "09:00-11:30")
    let programme = schedule(journey, on: tuesday)
    #expect(programme.codes == [.siteClosed])
    #expect(programme.violations.allSatisfy { $0.site == B.louvreID })
    #expect(programme.omitted.map(\.site) == [B.terrilsID])
    #expect(programme.omitted.first?.reasons.first?.message.en.contains("even without it") == true)
  }

  @Test func aVisitPastClosingAndPastSunsetIsRefusedForBoth() {
    // Tuesday 15 December 2026: the terrils close at 17:00, the sun sets before 16:45.
    var terrils = B.terrils
    terrils.endsBeforeSunset = true
    var context = B.context()
    context.sites[terrils.id] = terrils
    let journey = B.journey([B.stop(B.terrilsID, 90)], day: "16:00-18:00")
    let programme = schedule(journey, on: "2026-12-15", context: context)
    #expect(programme.codes == [.siteClosed, .siteAfterSunset])
  }

  @Test func aMandatoryStopThatIsClosedMakesTheDayInfeasible() {
    let journey = B.journey([B.stop(B.baseID, 60), B.stop(B.louvreID, 90)])
    let programme = schedule(journey, on: tuesday)
    #expect(programme.codes == [.siteClosed])
    #expect(programme.omitted.isEmpty)
  }

  @Test func aFullSiteIsVisitedWhenTheOtherGroupLeaves() {
    // The terrils take one group at a time; another group is there from 10:00 to 12:00.
    let ledger = Ledger(entries: [
      B.entry("bk-other", at: B.terrilsID, on: wednesday, "10:00", "12:00")
    ])
    let journey = B.journey([B.stop(B.terrilsID, 60)], day: "10:00-18:00")
    let programme = schedule(journey, on: wednesday, context: B.context(ledger: ledger))
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.start == paris(wednesday, "12:00"))
    #expect(programme.visits.first?.end == paris(wednesday, "13:00"))
  }

  @Test func aDayRunningLateBecauseASiteWasTakenNamesTheTakenSiteFirst() throws {
    // The terrils are taken 10:00–12:00: the visit waits until 12:00 and the base after it
    // would end at 14:15, past the day's end at 13:00. The cause comes before its consequence.
    let ledger = Ledger(entries: [
      B.entry("bk-other", at: B.terrilsID, on: wednesday, "10:00", "12:00")
    ])
    let journey = B.journey(
      [B.stop(B.terrilsID, 60), B.stop(B.baseID, 60)], day: "10:00-13:00")
    let programme = schedule(journey, on: wednesday, context: B.context(ledger: ledger))
    #expect(programme.codes == [.siteCapacity, .journeyDayWindow])
    let cause = try #require(programme.violations.first)
    #expect(cause.site == B.terrilsID)
    #expect(
      cause.message.en
        == "Terrils jumeaux already hosts 1 group(s) at a time on Wednesday 10 June 2026 at 10:00: your visit could only start at 12:00, which delays the rest of the day."
    )
    // Without the other group the same day holds: the wait alone is named, not a full site.
    #expect(schedule(journey, on: wednesday).isFeasible)
  }

  @Test func aSiteWithRoomForTwoGroupsTakesTheSecondAtOnce() {
    let ledger = Ledger(entries: [
      B.entry("bk-other", at: B.baseID, on: wednesday, "09:00", "12:00")
    ])
    let programme = schedule(
      B.journey([B.stop(B.baseID, 60)]), on: wednesday, context: B.context(ledger: ledger))
    #expect(programme.isFeasible)
    #expect(programme.visits.first?.start == paris(wednesday, "09:00"))
  }

  @Test func aSiteFullUntilClosingIsACapacityViolation() throws {
    let ledger = Ledger(entries: [
      B.entry("bk-other", at: B.terrilsID, on: wednesday, "10:00", "17:00")
    ])
    let journey = B.journey([B.stop(B.terrilsID, 60)], day: "10:00-18:00")
    let programme = schedule(journey, on: wednesday, context: B.context(ledger: ledger))
    #expect(programme.codes == [.siteCapacity])
    let violation = try #require(programme.violations.first)
    #expect(violation.site == B.terrilsID)
    #expect(violation.start == paris(wednesday, "10:00"))
  }

  @Test func aSiteThatHasReceivedItsGroupsForTheDayIsRefused() {
    var base = B.base
    base.capacity.groupsPerDay = 2
    let ledger = Ledger(entries: [
      B.entry("bk-morning", at: B.baseID, on: wednesday, "09:00", "10:00"),
      B.entry("bk-evening", at: B.baseID, on: wednesday, "16:00", "17:00"),
    ])
    let context = B.context(sites: [base, B.terrils, B.louvre], ledger: ledger)
    let programme = schedule(B.journey([B.stop(B.baseID, 60)]), on: wednesday, context: context)
    #expect(programme.codes == [.siteDailyLimit])
    #expect(
      programme.violations.first?.message.en
        == "Base 11/19 already has its 2 groups on Wednesday 10 June 2026.")
  }

  @Test func groupsOfOtherDaysDoNotCountTowardsTheDailyLimit() {
    var base = B.base
    base.capacity.groupsPerDay = 2
    let ledger = Ledger(entries: [
      B.entry("bk-monday", at: B.baseID, on: "2026-06-08", "09:00", "10:00"),
      B.entry("bk-tuesday", at: B.baseID, on: tuesday, "09:00", "10:00"),
      B.entry("bk-thursday", at: B.baseID, on: "2026-06-11", "09:00", "10:00"),
    ])
    let context = B.context(sites: [base, B.terrils, B.louvre], ledger: ledger)
    let programme = schedule(B.journey([B.stop(B.baseID, 60)]), on: wednesday, context: context)
    #expect(programme.isFeasible)
  }

  @Test func aProgrammeEndingAfterTheDayWindowIsRefused() throws {
    // Base 09:00–10:00, terrils 10:15–11:45, but the day ends at 11:00.
    let journey = B.journey([B.stop(B.baseID, 60), B.stop(B.terrilsID, 90)], day: "09:00-11:00")
    let programme = schedule(journey, on: wednesday)
    #expect(programme.codes == [.journeyDayWindow])
    let violation = try #require(programme.violations.first)
    #expect(violation.end == paris(wednesday, "11:45"))
    #expect(
      violation.message.en
        == "The programme would end at 11:45, after the planned end of day (11:00).")
  }

  @Test func aDateInThePastIsRefused() throws {
    let journey = B.journey([B.stop(B.baseID, 60)])
    let programme = schedule(journey, on: "2026-05-03")
    #expect(programme.codes == [.datePast])
    #expect(programme.violations.first?.message.fr == "Le dimanche 3 mai 2026 est déjà passé.")
    #expect(schedule(journey, on: "2026-05-04").isFeasible, "today is not in the past")
  }

  @Test func aWheelchairUserCannotGoUpTheSlagHeaps() throws {
    let journey = B.journey([B.stop(B.baseID, 60), B.stop(B.terrilsID, 60)])
    let programme = schedule(journey, on: wednesday, group: B.group(20, "fr", wheelchairUsers: 1))
    #expect(programme.codes == [.siteAccessibility])
    let violation = try #require(programme.violations.first)
    #expect(violation.site == B.terrilsID)
    #expect(violation.message.en == "Terrils jumeaux is not accessible to wheelchair users.")
    #expect(schedule(journey, on: wednesday, group: B.group(20, "fr")).isFeasible)
  }

  @Test func unknownAccessibilityIsNotARefusal() {
    var base = B.base
    base.accessibility.stepFree = nil
    let context = B.context(sites: [base, B.terrils, B.louvre])
    let programme = schedule(
      B.journey([B.stop(B.baseID, 60)]), on: wednesday,
      group: B.group(20, "fr", wheelchairUsers: 2),
      context: context)
    #expect(programme.isFeasible)
  }

  @Test func aStopAtASiteMissingFromTheCatalogueIsReported() {
    let journey = B.journey([B.stop("nowhere", 60)])
    let programme = schedule(journey, on: wednesday)
    #expect(programme.codes == [.siteUnknown])
  }

  @Test func aSiteClosedOnPublicHolidaysRefusesBastilleDay() {
    // Base 11/19 closes on public holidays; 14 July 2026 is a Tuesday.
    let programme = schedule(B.journey([B.stop(B.baseID, 60)]), on: "2026-07-14")
    #expect(programme.codes == [.siteClosed])
    #expect(
      programme.violations.first?.message.en
        == "Base 11/19 is closed on public holidays: Tuesday 14 July 2026 is Bastille Day.")
  }
}
