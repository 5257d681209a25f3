import Foundation
import Journeys
import Testing

@Suite("JourneyScheduler: guide assignment")
struct GuideSelectionTests {
  typealias B = Basin

  let wednesday = "2026-06-10"

  /// Anne sorts before Zoé, so that a test shows a rule, not the tie-break, made the choice.
  static let anne = Guide(
    id: "guide-anne", name: "Anne", languages: ["fr"], certifiedSites: [Basin.baseID],
    certifiedThemes: [.culture])
  static let zoe = Guide(
    id: "guide-zoe", name: "Zoé", languages: ["fr", "en"],
    certifiedThemes: [.heritage, .biodiversity, .culture])

  func schedule(
    _ journey: Journey, guides: [Guide], ledger: Ledger = Ledger(),
    group: GroupProfile = B.group()
  ) -> Programme {
    JourneyScheduler.schedule(
      journey, on: date(wednesday), for: group, in: B.context(guides: guides, ledger: ledger))
  }

  @Test func aGuideMustSpeakTheGroupsLanguage() {
    let journey = B.journey([B.stop(B.baseID, 60)])
    let french = schedule(journey, guides: [Self.anne, Self.zoe], group: B.group(20, "fr"))
    #expect(french.visits.map(\.guide) == [Self.anne.id])
    let english = schedule(journey, guides: [Self.anne, Self.zoe], group: B.group(20, "en"))
    #expect(english.visits.map(\.guide) == [Self.zoe.id])
  }

  @Test func aGuideMustBeCertifiedForTheSite() throws {
    // Anne is certified for the base and for culture, not for the terrils (biodiversity).
    let journey = B.journey([B.stop(B.terrilsID, 60)], day: "10:00-18:00")
    let both = schedule(journey, guides: [Self.anne, Self.zoe])
    #expect(both.visits.map(\.guide) == [Self.zoe.id])
    let anneOnly = schedule(journey, guides: [Self.anne])
    #expect(anneOnly.codes == [.guideNoneAvailable])
    let violation = try #require(anneOnly.violations.first)
    #expect(violation.site == B.terrilsID)
    #expect(violation.start == paris(wednesday, "10:00"))
    #expect(violation.end == paris(wednesday, "11:00"))
    #expect(anneOnly.visits.first?.guide == nil)
  }

  @Test func certificationBySiteOrByTheme() {
    #expect(Self.anne.isCertified(for: B.base))
    #expect(Self.anne.isCertified(for: B.louvre))
    #expect(!Self.anne.isCertified(for: B.terrils))
  }

  @Test func aGuideBusyInTheLedgerIsNotAssignedOverlappingVisits() {
    // Anne is the least loaded (4 h against 6 h) but leads another group until 13:00.
    let ledger = Ledger(entries: [
      B.entry("bk-1", at: B.baseID, on: wednesday, "09:00", "13:00", guide: Self.anne.id),
      B.entry("bk-2", at: B.baseID, on: "2026-06-08", "10:00", "16:00", guide: Self.zoe.id),
    ])
    let programme = schedule(
      B.journey([B.stop(B.baseID, 60)]), guides: [Self.anne, Self.zoe], ledger: ledger)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.guide) == [Self.zoe.id])
  }

  @Test func theLeastLoadedGuideIsPreferred() {
    let ledger = Ledger(entries: [
      B.entry("bk-1", at: B.baseID, on: "2026-06-08", "09:00", "13:00", guide: Self.anne.id)
    ])
    let programme = schedule(
      B.journey([B.stop(B.baseID, 60)]), guides: [Self.anne, Self.zoe], ledger: ledger)
    #expect(programme.visits.map(\.guide) == [Self.zoe.id])
  }

  @Test(arguments: [
    // Anne leaves the Louvre-Lens at 10:00 and needs 20 minutes to reach the base.
    ("10:10", "08:40", "10:00", false), ("10:20", "08:40", "10:00", true),
    // Anne is due at the Louvre-Lens at 11:30: a visit ending 11:10 leaves her 20 minutes.
    ("10:10", "11:30", "12:30", true), ("10:20", "11:30", "12:30", false),
  ])
  func aGuideAlwaysHasTheTravelTimeBetweenTwoVisits(
    start: String, otherFrom: String, otherTo: String, assigned: Bool
  ) {
    let ledger = Ledger(entries: [
      B.entry("bk-1", at: B.louvreID, on: wednesday, otherFrom, otherTo, guide: Self.anne.id)
    ])
    let journey = B.journey([B.stop(B.baseID, 60)], day: "\(start)-18:00")
    let programme = schedule(journey, guides: [Self.anne], ledger: ledger)
    #expect(programme.visits.first?.start == paris(wednesday, start))
    #expect(programme.isFeasible == assigned)
    #expect(programme.codes == (assigned ? [] : [.guideNoneAvailable]))
  }

  @Test func aGuideStaysWithinTheHoursOfADay() {
    var anne = Self.anne
    anne.maxHoursPerDay = 2
    let ledger = Ledger(entries: [
      B.entry("bk-1", at: B.louvreID, on: wednesday, "15:00", "16:30", guide: anne.id)
    ])
    let programme = schedule(B.journey([B.stop(B.baseID, 60)]), guides: [anne], ledger: ledger)
    #expect(programme.codes == [.guideNoneAvailable])
    anne.maxHoursPerDay = 3
    let roomy = schedule(B.journey([B.stop(B.baseID, 60)]), guides: [anne], ledger: ledger)
    #expect(roomy.isFeasible)
  }

  @Test func anInactiveGuideIsNeverAssigned() {
    var zoe = Self.zoe
    zoe.active = false
    let programme = schedule(
      B.journey([B.stop(B.baseID, 60)]), guides: [zoe], group: B.group(20, "en"))
    #expect(programme.codes == [.guideNoneAvailable])
  }

  @Test func oneGuideLeadsTheWholeDayWhenPossible() {
    let journey = B.journey([
      B.stop(B.baseID, 60), B.stop(B.terrilsID, 60), B.stop(B.louvreID, 60),
    ])
    let programme = schedule(journey, guides: [Self.anne, Self.zoe, B.camille])
    #expect(programme.isFeasible)
    let guides = Set(programme.visits.compactMap(\.guide))
    #expect(guides.count == 1)
    #expect(programme.visits.allSatisfy { $0.guide != nil })
  }

  @Test func theSameGuideIsKeptFromOneVisitToTheNextWhenNobodyCanDoTheWholeDay() {
    // Base 09:00–10:00, terrils 10:15–11:15, Louvre-Lens 11:40–12:40.
    // Zoé (less loaded) is busy at 09:00; Anne (more loaded) is busy from 12:00. Anne takes the
    // base, keeps the group at the terrils although Zoé is free, and Zoé takes the Louvre-Lens.
    var anne = Self.anne
    anne.certifiedThemes = [.biodiversity, .culture]
    let ledger = Ledger(entries: [
      B.entry("bk-1", at: B.baseID, on: wednesday, "08:00", "09:30", guide: Self.zoe.id),
      B.entry("bk-2", at: B.louvreID, on: wednesday, "12:00", "14:00", guide: anne.id),
    ])
    let journey = B.journey([
      B.stop(B.baseID, 60), B.stop(B.terrilsID, 60), B.stop(B.louvreID, 60),
    ])
    let programme = schedule(journey, guides: [anne, Self.zoe], ledger: ledger)
    #expect(programme.isFeasible)
    #expect(
      programme.visits.map(\.start) == ["09:00", "10:15", "11:40"].map { paris(wednesday, $0) })
    #expect(programme.visits.map(\.guide) == [anne.id, anne.id, Self.zoe.id])
  }

  @Test func nobodyFitsIsReportedForEachGuidedVisit() throws {
    // Nobody speaks German.
    let journey = B.journey(
      [B.stop(B.louvreID, 60), B.stop(B.louvreID, 30, guided: false), B.stop(B.louvreID, 60)],
      languages: ["fr", "de"])
    let programme = schedule(journey, guides: [Self.anne, Self.zoe], group: B.group(20, "de"))
    #expect(programme.violations.map(\.code) == [.guideNoneAvailable, .guideNoneAvailable])
    let first = try #require(programme.violations.first)
    #expect(first.code.rawValue == "guide.none_available")
    #expect(
      first.message.en.hasPrefix(
        "No guide speaking German and certified for Louvre-Lens is free on Wednesday 10 June 2026"
          + " from 10:00 to 11:00"))
    #expect(first.message.fr.hasPrefix("Aucun guide parlant allemand et habilité pour Louvre-Lens"))
  }
}

@Suite("GuideSelection: steep sites need a guide certified for the site")
struct SteepSiteCertificationTests {
  @Test func aThemeDoesNotCertifyAGuideForASteepClimbButTheSiteDoes() {
    var terrils = Basin.terrils
    terrils.accessibility.terrain = .steep
    let byTheme = Guide(
      id: "guide-theme", name: "T", languages: ["fr"], certifiedThemes: terrils.themes)
    let bySite = Guide(
      id: "guide-site", name: "S", languages: ["fr"], certifiedSites: [terrils.id])
    #expect(!byTheme.isCertified(for: terrils))
    #expect(bySite.isCertified(for: terrils))
    terrils.accessibility.terrain = .uneven
    #expect(byTheme.isCertified(for: terrils))
  }
}
