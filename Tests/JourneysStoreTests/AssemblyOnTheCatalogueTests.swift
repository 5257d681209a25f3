import Foundation
import Journeys
import JourneysStore
import Testing

/// The assembler on the real catalogue, guides and travel times: what a delegation gets.
@Suite("JourneyAssembler on the real catalogue")
struct AssemblyOnTheCatalogueTests {
  static let catalogue = try! CatalogueReader.read(directory: cataloguePath)
  static let sites = Set(catalogue.sites.map(\.id))
  static let demo = try! DemoData.read(path: demoPath, sites: sites)
  static let travel = try! TravelFile.read(
    path: repositoryRoot.appendingPathComponent("config/travel.yaml").path, sites: sites)
  /// Friday 26 March 2027: the stay is Tuesday 13 to Thursday 15 April 2027.
  static let now = Small.instant("2027-03-26", "10:00")

  static func context(ledger: Ledger = Ledger(entries: [])) -> BookingContext {
    BookingContext(
      sites: catalogue.sites, guides: demo.guides, ledger: ledger, travel: travel, now: now)
  }

  /// Three days in April, 30 people, English, energy and participation first, biodiversity if
  /// there is time, one wheelchair user, from Lens station at 9:30.
  static let request = AssemblyRequest(
    firstDate: LocalDate("2027-04-13")!, days: 3,
    group: GroupProfile(
      headcount: 30, language: "en", needs: AccessibilityNeeds(wheelchairUsers: 1)),
    themes: [.energy: 3, .participation: 3, .biodiversity: 1])

  @Test func threeDaysForADelegationHoldEveryRule() throws {
    let context = Self.context()
    let programme = try JourneyAssembler.assemble(
      Self.request, catalogue: Self.catalogue, in: context,
      options: .init(seed: 7, seconds: 0.5))
    // Day 1 takes the energy and participation sites of Loos; the next days what is left.
    #expect(programme.days.count + programme.unplanned.count == 3)
    #expect(programme.days.count >= 2)
    #expect(programme.notes.isEmpty)
    var seen: Set<Site.ID> = []
    for day in programme.days {
      // Timed again from scratch by the booking rules, the day holds as proposed.
      let again = JourneyScheduler.schedule(
        day.journey, on: day.date, for: Self.request.group, in: context)
      #expect(again.isFeasible, "\(day.date): \(again.violations.map(\.message.en))")
      #expect(day.programme.isFeasible)
      #expect(day.journey.id.isCustom)
      #expect(day.journey.stops.filter { $0.kind == .lunch }.count == 1)
      for stop in day.journey.stops where stop.kind != .lunch {
        #expect(seen.insert(stop.site).inserted, "\(stop.site) visited twice")
        let site = try #require(Self.catalogue.site(stop.site))
        #expect(site.accessibility.stepFree != false, "\(site.id) is not step-free")
        #expect(site.languages.contains("en"))
      }
      for visit in day.programme.visits where visit.guided {
        #expect(visit.guide != nil)
      }
      #expect(day.score > 0)
    }
    #expect(programme.score == programme.days.reduce(0) { $0 + $1.score })
    // Every energy or participation site left out says why.
    for left in programme.leftOut {
      #expect(!left.reasons.isEmpty)
      #expect(!seen.contains(left.site))
    }
  }

  @Test func theSameSeedGivesTheSameProgramme() throws {
    let options = AssemblyOptions(seed: 3, seconds: 60, iterations: 2_000)
    let first = try JourneyAssembler.assemble(
      Self.request, catalogue: Self.catalogue, in: Self.context(), options: options)
    let second = try JourneyAssembler.assemble(
      Self.request, catalogue: Self.catalogue, in: Self.context(), options: options)
    #expect(first.days.map(\.journey) == second.days.map(\.journey))
  }
}
