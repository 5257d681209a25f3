import Foundation
import Journeys
import Testing

@Suite("CatalogueImpact: coming bookings a new catalogue contradicts")
struct CatalogueImpactTests {
  let now = Basin.now

  func booking(
    _ id: Booking.ID, on day: String, from: String = "09:00", to: String = "10:00",
    state: Booking.State = .confirmed(at: Basin.now)
  ) -> Booking {
    Booking(
      id: id, journey: "loos-ville-pilote", journeyVersion: 1, date: date(day),
      group: Group(
        organisation: "demo", contact: Contact(name: "Claire"), headcount: 20, language: "fr"),
      state: state,
      visits: [
        Visit(
          site: Basin.baseID, kind: .visit, start: paris(day, from), end: paris(day, to),
          guided: true, guide: Basin.camille.id)
      ],
      createdAt: Basin.now)
  }

  /// The findings of a catalogue of `sites` offering the bookings' journey unless `withdrawn`.
  func findings(_ bookings: [Booking], sites: [Site], withdrawn: Bool = false)
    -> [CatalogueImpact.Finding]
  {
    let offered = withdrawn ? [] : [Basin.journey([], id: "loos-ville-pilote")]
    return CatalogueImpact.findings(
      bookings, catalogue: Catalogue(sites: sites, journeys: offered), civil: .paris, now: now)
  }

  @Test func aClosureAddedOnABookedDayIsFoundAndOtherDaysAreNot() {
    var base = Basin.base
    base.openingHours.closures = [.init(date: date("2026-06-10"), reason: "travaux")]
    let found = findings(
      [booking("bk-closed", on: "2026-06-10"), booking("bk-open", on: "2026-06-11")],
      sites: [base, Basin.terrils, Basin.louvre])
    #expect(found.map(\.booking.id) == ["bk-closed"])
    #expect(found.first?.reasons.first?.en.contains("travaux") == true)
  }

  @Test func aSunsetLimitPublishedSinceIsFoundForAVisitEndingInTheDark() {
    // Sunset at Loos on 10 December is about 16:45.
    let late = booking("bk-late", on: "2026-12-10", from: "16:00", to: "17:15")
    var base = Basin.base
    #expect(findings([late], sites: [base]).isEmpty)
    base.endsBeforeSunset = true
    let found = findings([late, booking("bk-morning", on: "2026-12-10")], sites: [base])
    #expect(found.map(\.booking.id) == ["bk-late"])
    #expect(found.first?.reasons.first?.en.contains("the sun sets at 16:45") == true)
  }

  @Test func hoursThatNoLongerCoverAVisitAndARemovedSiteAreFound() {
    var base = Basin.base
    base.openingHours = Basin.hours("09:30-18:00")
    let shorter = findings([booking("bk-early", on: "2026-06-10")], sites: [base])
    #expect(shorter.first?.reasons.first?.en.contains("does not fit") == true)
    let gone = findings([booking("bk-early", on: "2026-06-10")], sites: [Basin.terrils])
    #expect(
      gone.first?.reasons.map(\.en) == ["the site loos-base-11-19 is no longer in the catalogue"])
  }

  @Test func aSmallerCapacityNamesTheGroupsItNoLongerTakes() {
    var base = Basin.base
    base.capacity = .init(maxGroupSize: 15, simultaneousGroups: 5, groupsPerDay: 5)
    let smaller = findings([booking("bk-20", on: "2026-06-10")], sites: [base])
    #expect(
      smaller.first?.reasons.map(\.en) == [
        "Base 11/19 takes groups of at most 15 people; yours has 20."
      ])
    // Two groups on one day where the base now takes one a day, and at once where it takes
    // one at a time; a group alone another day is fine.
    base.capacity = .init(maxGroupSize: 40, simultaneousGroups: 1, groupsPerDay: 1)
    let crowded = findings(
      [
        booking("bk-a", on: "2026-06-10"),
        booking("bk-b", on: "2026-06-10", from: "09:30", to: "10:30"),
        booking("bk-c", on: "2026-06-11"),
      ],
      sites: [base])
    #expect(crowded.map(\.booking.id) == ["bk-a", "bk-b"])
    for finding in crowded {
      #expect(finding.reasons.contains { $0.en.contains("at most 1 group(s) a day; 2 are booked") })
      #expect(
        finding.reasons.contains { $0.en.contains("1 group(s) at a time; 2 are there together") })
    }
  }

  @Test func groupsAtOnceAreCountedAtTheirPeakNotAsAChainOfOverlaps() {
    // Two at a time now. 09:00–10:00 overlaps 09:30–10:30 and 09:45–11:00; 10:30–11:30
    // overlaps the last two. Three are there at 09:45, never four.
    var base = Basin.base
    base.capacity = .init(maxGroupSize: 40, simultaneousGroups: 2, groupsPerDay: 10)
    let found = findings(
      [
        booking("bk-a", on: "2026-06-10", from: "09:00", to: "10:00"),
        booking("bk-b", on: "2026-06-10", from: "09:30", to: "10:30"),
        booking("bk-c", on: "2026-06-10", from: "09:45", to: "11:00"),
        booking("bk-d", on: "2026-06-10", from: "10:30", to: "11:30"),
      ],
      sites: [base])
    #expect(found.map(\.booking.id) == ["bk-a", "bk-b", "bk-c"])
    #expect(
      found.first?.reasons.map(\.en) == [
        "Base 11/19 now takes 2 group(s) at a time; 3 are there together on Wednesday 10 June 2026 at 09:45"
      ])
  }

  @Test func aWithdrawnJourneyIsFoundButNotForPastOrCancelledBookings() {
    let sites = [Basin.base, Basin.terrils, Basin.louvre]
    let found = findings(
      [
        booking("bk-live", on: "2026-06-10"),
        booking("bk-cancelled", on: "2026-06-10", state: .cancelled(at: Basin.now)),
        booking("bk-past", on: "2026-05-01"),
      ],
      sites: sites, withdrawn: true)
    #expect(found.map(\.booking.id) == ["bk-live"])
    #expect(findings([booking("bk-live", on: "2026-06-10")], sites: sites).isEmpty)
  }

  @Test func guidesCertifiedForOrBasedAtARemovedSiteAreNamedOnceWithThoseSites() {
    var camille = Basin.camille
    camille.home = Basin.baseID
    camille.certifiedSites = [Basin.baseID, Basin.louvreID, "site-gone"]
    let catalogue = Catalogue(sites: [Basin.terrils, Basin.louvre])
    let stale = CatalogueImpact.guidesNamingRemovedSites(
      [Basin.mathieu, camille], catalogue: catalogue)
    #expect(stale.map(\.guide) == [camille.id])
    #expect(stale.first?.sites == [Basin.baseID, "site-gone"])
    let whole = Catalogue(sites: [Basin.base, Basin.terrils, Basin.louvre])
    #expect(
      CatalogueImpact.guidesNamingRemovedSites([camille], catalogue: whole).first?.sites == [
        "site-gone"
      ])
  }

  func conflicts(
    _ hold: Booking, confirmed: [Booking] = [], sites: [Site], withdrawn: Journey? = nil
  ) -> [Violation.Code] {
    CatalogueImpact.confirmationConflicts(
      hold, confirmed: confirmed, catalogue: Catalogue(sites: sites), withdrawn: withdrawn,
      civil: .paris
    ).map(\.code)
  }

  @Test func aHoldTheCatalogueStillAllowsMayBeConfirmed() {
    let hold = booking("bk-hold", on: "2026-06-10", state: .held(expiresAt: now + 3_600))
    let other = booking("bk-other", on: "2026-06-10", from: "11:00", to: "12:00")
    #expect(conflicts(hold, confirmed: [other], sites: [Basin.base]).isEmpty)
  }

  @Test func aHoldBeyondAReducedCapacityIsRefusedButConfirmedBookingsKeepTheirPlaces() {
    var base = Basin.base
    base.capacity = .init(maxGroupSize: 15, simultaneousGroups: 1, groupsPerDay: 1)
    let hold = booking("bk-hold", on: "2026-06-10", state: .held(expiresAt: now + 3_600))
    let confirmed = booking("bk-confirmed", on: "2026-06-10", from: "09:30", to: "10:30")
    let found = CatalogueImpact.confirmationConflicts(
      hold, confirmed: [confirmed, hold], catalogue: Catalogue(sites: [base]), withdrawn: nil,
      civil: .paris)
    #expect(found.map(\.code) == [.siteGroupTooLarge, .siteDailyLimit, .siteCapacity])
    #expect(
      found.last?.message.en
        == "Base 11/19 now takes 1 group(s) at a time, and confirmed groups already fill it on Wednesday 10 June 2026 at 09:00."
    )
    // Alone that day, only the group size stands in the way.
    #expect(conflicts(hold, sites: [base]) == [.siteGroupTooLarge])
  }

  @Test func aHoldOnAWithdrawnJourneyOrAtAClosedOrRemovedSiteIsRefused() {
    let hold = booking("bk-hold", on: "2026-06-10", state: .held(expiresAt: now + 3_600))
    let journey = Basin.journey([Basin.stop(Basin.baseID, 60)])
    #expect(conflicts(hold, sites: [Basin.base], withdrawn: journey) == [.journeyWithdrawn])
    #expect(
      CatalogueImpact.confirmationConflicts(
        hold, confirmed: [], catalogue: Catalogue(sites: [Basin.base]), withdrawn: journey,
        civil: .paris
      ).first?.message.en
        == "The journey “Loos, pilot town” is no longer offered in the catalogue: this hold can no longer be confirmed or changed."
    )
    #expect(conflicts(hold, sites: [Basin.terrils]) == [.siteUnknown])
    var base = Basin.base
    base.openingHours.closures = [.init(date: date("2026-06-10"), reason: "travaux")]
    #expect(conflicts(hold, sites: [base]) == [.siteClosed])
  }

  @Test func aJourneyNoComingDayCanTakeIsFoundWithTheCommonestReason() {
    // The Louvre-Lens is open 10:00–18:00 (closed on Tuesdays): an eleven-hour visit never
    // fits, while the base for an hour fits most days.
    let never = Basin.journey([Basin.stop(Basin.louvreID, 660)], id: "trop-long")
    let fine = Basin.journey([Basin.stop(Basin.baseID, 60)], id: "une-heure")
    let found = CatalogueImpact.unbookable(
      Catalogue(sites: Basin.sites, journeys: [never, fine]), guides: Basin.guides,
      travel: Basin.travel, civil: .paris, now: now, days: 14)
    #expect(found.map(\.journey) == ["trop-long"])
    #expect(found.first?.reason.en.contains("Louvre-Lens") == true)
  }

  @Test func theReasonIsTheOneTheMostDaysGiveNotTheOneSaidMostOften() {
    // Ten sites closed on Sundays, each a reason that day; a guided stop no guide is certified
    // for, one reason every day: the guide is why the journey never runs.
    let weekdays = Weekday.allCases.filter { $0 != .sunday }
    let sites = (1...10).map { index in
      Basin.site(
        Site.ID("site-\(index)"), name: "Site \(index)",
        hours: Basin.hours("08:00-20:00", on: weekdays),
        capacity: .init(maxGroupSize: 40, simultaneousGroups: 2, groupsPerDay: 4),
        themes: [.economy])
    }
    var stops = sites.map { Basin.stop($0.id, 20, guided: false) }
    stops[0].guided = true
    let journey = Basin.journey(stops, id: "sans-guide")
    let found = CatalogueImpact.unbookable(
      Catalogue(sites: sites, journeys: [journey]), guides: [], travel: Basin.travel,
      civil: .paris, now: now, days: 14)
    #expect(found.first?.reason.en.contains("guide") == true, "\(found)")
  }
}
