import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

@Suite("CatalogueReader on the repository's catalogue")
struct CatalogueReaderTests {
  func catalogue() throws -> Catalogue {
    do {
      return try CatalogueReader.read(directory: cataloguePath)
    } catch {
      Issue.record("the catalogue does not read: \(error)")
      throw error
    }
  }

  @Test func theRepositoryCatalogueReadsWithoutIssues() throws {
    let catalogue = try catalogue()
    #expect(catalogue.sites.count >= 20)
    #expect(catalogue.journeys.count >= 6)
  }

  @Test func everyJourneyStopNamesAKnownSite() throws {
    let catalogue = try catalogue()
    let sites = Set(catalogue.sites.map(\.id))
    for journey in catalogue.journeys {
      #expect(!journey.stops.isEmpty, "\(journey.id)")
      for stop in journey.stops {
        #expect(sites.contains(stop.site), "\(journey.id) → \(stop.site)")
      }
    }
  }

  @Test func everyJourneyIsTitledAndDescribedInFrenchAndEnglish() throws {
    for journey in try catalogue().journeys {
      #expect(!journey.title.fr.isEmpty && !journey.title.en.isEmpty, "\(journey.id)")
      #expect(!journey.description.fr.isEmpty && !journey.description.en.isEmpty)
      #expect(journey.stops.allSatisfy { !$0.activity.fr.isEmpty && !$0.activity.en.isEmpty })
    }
  }

  @Test func everySiteIsSummarisedAndSpeaksAtLeastOneLanguage() throws {
    for site in try catalogue().sites {
      #expect(!site.summary.fr.isEmpty && !site.summary.en.isEmpty, "\(site.id)")
      #expect(!site.languages.isEmpty, "\(site.id)")
      #expect(!site.sources.isEmpty, "\(site.id)")
      #expect((50.0...51.0).contains(site.location.latitude), "\(site.id) is in the basin")
      #expect((2.0...4.0).contains(site.location.longitude), "\(site.id) is in the basin")
    }
  }

  @Test func everyClosureReasonIsSaidInEnglishToo() throws {
    for site in try catalogue().sites {
      let hours = site.openingHours
      for (reason, english) in hours.annualClosures.map({ ($0.reason, $0.reasonInEnglish) })
        + hours.closures.map({ ($0.reason, $0.reasonInEnglish) })
      where reason != nil {
        #expect(english != nil, "\(site.id): \(reason ?? "")")
      }
    }
    // As a refusal says it.
    let louvre = try #require(try catalogue().site("lens-louvre-lens"))
    let mayDay = LocalDate("2027-05-01")!
    guard case .failure(let closed) = louvre.openingHours.day(mayDay) else {
      Issue.record("the Louvre-Lens opens on 1 May")
      return
    }
    #expect(closed.reason == .annual(.init(fr: "Fête du Travail", en: "Labour Day")))
  }

  @Test func sitesAndJourneysAreSortedById() throws {
    let catalogue = try catalogue()
    #expect(catalogue.sites.map(\.id) == catalogue.sites.map(\.id).sorted())
    #expect(catalogue.journeys.map(\.id) == catalogue.journeys.map(\.id).sorted())
  }

  @Test func louvreLensIsClosedOnTuesdays() throws {
    let louvre = try #require(try catalogue().site("lens-louvre-lens"))
    let tuesday = try #require(LocalDate("2026-06-09"))
    guard case .failure(let closed) = louvre.openingHours.day(tuesday) else {
      Issue.record("the Louvre-Lens is open on Tuesdays")
      return
    }
    #expect(closed.reason == .weekly(.tuesday))
    let wednesday = try #require(LocalDate("2026-06-10"))
    #expect((try? louvre.openingHours.day(wednesday).get()) == [LocalTimeRange("10:00-18:00")!])
  }

  @Test func everyPublishedJourneyFitsSomeDayInJune2027() throws {
    // A guide who speaks every language and may lead anywhere: only sites and times limit.
    let catalogue = try catalogue()
    let languages = Set(catalogue.journeys.flatMap(\.languages))
    let guide = Guide(
      id: "guide-all", name: "Everyone", languages: Array(languages),
      certifiedSites: catalogue.sites.map(\.id), certifiedThemes: Theme.allCases,
      maxHoursPerDay: 12)
    // Two weeks before June: within any notice and horizon a site may set.
    let now = Small.instant("2027-05-17", "08:00")
    let context = BookingContext(
      sites: catalogue.sites, guides: [guide], ledger: Ledger(), now: now)
    let june = (0..<30).map { LocalDate("2027-06-01")!.adding(days: $0) }
    for journey in catalogue.journeys {
      let group = GroupProfile(
        headcount: journey.groupSize.lowerBound, language: journey.languages[0])
      let feasible = june.filter {
        JourneyScheduler.schedule(journey, on: $0, for: group, in: context).isFeasible
      }
      #expect(!feasible.isEmpty, "\(journey.id) never fits in June 2027")
    }
  }
}

@Suite("DemoData")
struct DemoDataTests {
  @Test func readsTheDemoOrganisationsAndGuides() throws {
    let catalogue = try CatalogueReader.read(directory: cataloguePath)
    let demo = try DemoData.read(path: demoPath, sites: Set(catalogue.sites.map(\.id)))
    #expect(demo.organisations.map(\.id).contains("demo"))
    #expect(demo.guides.count >= 5)
    let camille = try #require(demo.guides.first { $0.id == "guide-camille" })
    #expect(camille.languages == ["fr", "en"])
    #expect(camille.certifiedSites.contains("loos-base-11-19"))
    #expect(camille.home == "loos-base-11-19")
    #expect(camille.maxHoursPerDay == 8)
    let sites = Set(catalogue.sites.map(\.id))
    #expect(demo.guides.allSatisfy { $0.certifiedSites.allSatisfy(sites.contains) })
  }

  @Test func aGuideCertifiedForAnUnknownSiteIsReportedWithItsPosition() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try directory.write(
      "demo.yaml",
      """
      organisations:
        - id: demo
          name: "Démo"
      guides:
        - id: guide-x
          name: "X"
          languages: [fr]
          certified_sites: [loos-base-11-19, nowhere]

      """)
    let error = try #require(throws: CatalogueErrors.self) {
      try DemoData.read(path: path, sites: ["loos-base-11-19"])
    }
    let issue = try #require(error.issues.first)
    #expect(error.issues.count == 1)
    #expect(issue.file == path)
    #expect(issue.line == 8)
    #expect(issue.column == 40)
    #expect(issue.message == "unknown site “nowhere”")
  }
}
