import Foundation
import Journeys
import Testing

/// The `guide.none_available` violation counts why each guide who speaks the group's language
/// could not lead the visit, so that a booking officer knows what to change.
@Suite("Guide refusals explained")
struct GuideRefusalMessageTests {
  typealias B = Basin
  typealias G = GuideAvailabilityTests

  /// Wednesday 10 June 2026; the visit is an hour at the base from 10:00.
  let wednesday = "2026-06-10"

  func violation(
    guides: [Guide], ledger: Ledger = Ledger(), group: GroupProfile = B.group(),
    journey: Journey? = nil
  ) throws -> Violation {
    let journey = journey ?? B.journey([B.stop(B.baseID, 60)], day: "10:00-18:00")
    let programme = JourneyScheduler.schedule(
      journey, on: date(wednesday), for: group, in: B.context(guides: guides, ledger: ledger))
    #expect(programme.codes == [.guideNoneAvailable])
    return try #require(programme.violations.first)
  }

  func entry(
    _ booking: String, at site: Site.ID, _ day: String, _ from: String, _ to: String, _ guide: Guide
  )
    -> Ledger.Entry
  {
    B.entry(booking, at: site, on: day, from, to, guide: guide.id)
  }

  @Test func eachReasonIsCountedInTheMessage() throws {
    let notCertified = G.guide("guide-a") {
      $0.certifiedThemes = []
      $0.certifiedSites = [B.louvreID]
    }
    let afternoons = G.guide("guide-b") {
      $0.weeklyAvailability = [.wednesday: [LocalTimeRange("14:00-18:00")!]]
    }
    let away = G.guide("guide-c") {
      $0.unavailable = [.init(start: paris(wednesday, "08:00"), end: paris(wednesday, "12:00"))]
    }
    let busy = G.guide("guide-d")
    let tooFar = G.guide("guide-e")
    let tired = G.guide("guide-f") { $0.minimumRestHours = 14 }
    let dayLimit = G.guide("guide-g") { $0.maxHoursPerDay = 2 }
    let weekLimit = G.guide("guide-h") { $0.maxHoursPerWeek = 5 }
    let ledger = Ledger(entries: [
      // Still at the Louvre-Lens at 10:00.
      entry("bk-1", at: B.louvreID, wednesday, "09:30", "10:30", busy),
      // Leaves the Louvre-Lens at 09:50, 20 minutes away.
      entry("bk-2", at: B.louvreID, wednesday, "08:30", "09:50", tooFar),
      // Finished at 22:00 the day before: 12 hours off, 14 needed.
      entry("bk-3", at: B.baseID, "2026-06-09", "21:00", "22:00", tired),
      // 90 minutes in the afternoon: with this visit, 2½ hours in a day of 2.
      entry("bk-4", at: B.baseID, wednesday, "14:00", "15:30", dayLimit),
      // 4½ hours on Monday: with this visit, 5½ hours in a week of 5.
      entry("bk-5", at: B.baseID, "2026-06-08", "09:00", "13:30", weekLimit),
    ])
    let guides = [notCertified, afternoons, away, busy, tooFar, tired, dayLimit, weekLimit]
    let violation = try violation(guides: guides, ledger: ledger)
    #expect(violation.site == B.baseID)
    #expect(violation.start == paris(wednesday, "10:00"))
    #expect(violation.end == paris(wednesday, "11:00"))
    // Every reason once, in a fixed order whatever the process (ties are not left to the
    // order of a dictionary).
    #expect(
      violation.message.en.hasSuffix(
        "(8 guide(s) speak French: 1 not certified for this site, 1 outside their working hours,"
          + " 1 away, 1 already leading another visit, 1 without the travel time needed,"
          + " 1 without the minimum rest, 1 at their daily hour limit,"
          + " 1 at their weekly hour limit)."))
    #expect(
      violation.message.fr.hasSuffix(
        "(8 guide(s) parlent français : 1 non habilité(s) pour ce site, 1 hors de ses disponibilités,"
          + " 1 absent(s), 1 déjà pris, 1 sans le temps de trajet nécessaire,"
          + " 1 sans le repos minimal, 1 au maximum d'heures du jour,"
          + " 1 au maximum d'heures de la semaine)."))
  }

  @Test func theMostCommonReasonComesFirst() throws {
    let first = G.guide("guide-a")
    let second = G.guide("guide-b")
    let uncertified = G.guide("guide-c") {
      $0.certifiedThemes = []
      $0.certifiedSites = [B.louvreID]
    }
    let ledger = Ledger(entries: [
      entry("bk-1", at: B.louvreID, wednesday, "09:00", "12:00", first),
      entry("bk-2", at: B.louvreID, wednesday, "09:00", "12:00", second),
    ])
    let violation = try violation(guides: [uncertified, first, second], ledger: ledger)
    #expect(
      violation.message.en
        == "No guide speaking French and certified for Base 11/19 is free on Wednesday 10 June 2026"
        + " from 10:00 to 11:00 (3 guide(s) speak French: 2 already leading another visit,"
        + " 1 not certified for this site).")
    #expect(
      violation.message.fr
        == "Aucun guide parlant français et habilité pour Base 11/19 n'est libre le mercredi 10 juin"
        + " 2026 de 10:00 à 11:00 (3 guide(s) parlent français : 2 déjà pris,"
        + " 1 non habilité(s) pour ce site).")
  }

  @Test func tiedReasonsComeInTheSameOrderEveryTime() throws {
    let busy = G.guide("guide-a")
    let uncertified = G.guide("guide-b") {
      $0.certifiedThemes = []
      $0.certifiedSites = [B.louvreID]
    }
    let ledger = Ledger(entries: [
      entry("bk-1", at: B.louvreID, wednesday, "09:00", "12:00", busy)
    ])
    for guides in [[busy, uncertified], [uncertified, busy]] {
      let violation = try violation(guides: guides, ledger: ledger)
      #expect(
        violation.message.en.hasSuffix(
          "(2 guide(s) speak French: 1 not certified for this site, 1 already leading another visit)."
        ))
    }
  }

  @Test func guidesWhoDoNotSpeakTheLanguageOrAreInactiveAreNotCounted() throws {
    let english = Guide(
      id: "guide-en", name: "En", languages: ["en"], certifiedThemes: [.heritage])
    let retired = G.guide("guide-retired") { $0.active = false }
    let busy = G.guide("guide-busy")
    let ledger = Ledger(entries: [
      entry("bk-1", at: B.louvreID, wednesday, "09:00", "12:00", busy)
    ])
    let violation = try violation(guides: [english, retired, busy], ledger: ledger)
    #expect(
      violation.message.en.hasSuffix("(1 guide(s) speak French: 1 already leading another visit)."))
  }

  @Test func whenNobodySpeaksTheLanguageTheMessageSaysSo() throws {
    // The Louvre-Lens is presented in German, but no active guide speaks it.
    let journey = B.journey([B.stop(B.louvreID, 60)], day: "10:00-18:00", languages: ["fr", "de"])
    let retired = Guide(
      id: "guide-de", name: "De", languages: ["de"], certifiedThemes: [.culture], active: false)
    let violation = try violation(
      guides: B.guides + [retired], group: B.group(20, "de"), journey: journey)
    #expect(
      violation.message.en
        == "No guide speaking German and certified for Louvre-Lens is free on Wednesday 10 June 2026"
        + " from 10:00 to 11:00 (no active guide speaks that language).")
    #expect(violation.message.fr.hasSuffix("(aucun guide actif ne parle cette langue)."))
  }
}
