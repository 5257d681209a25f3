import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  @Suite("schema, catalogue, guides and organisations")
  struct Catalogues {
    @Test(arguments: StoreBackend.allCases)
    func aNewStoreIsMigratedAndEmpty(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        let status = try await store.schemaStatus()
        #expect(status.current == status.latest && status.current > 0)
        #expect(try await store.migrate() == [])
        #expect(try await store.catalogue() == Catalogue())
        #expect(try await store.guides().isEmpty)
        #expect(try await store.organisations().isEmpty)
        #expect(try await store.bookings(BookingQuery()).isEmpty)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func thePublishedCatalogueReadsBackIdentical(_ backend: StoreBackend) async throws {
      let catalogue = try CatalogueReader.read(directory: cataloguePath)
      try await withStore(backend) { store, _ throws in
        let plan = try await store.publish(catalogue, at: Small.now)
        #expect(plan.newVersions == catalogue.journeys)
        #expect(plan.unchanged.isEmpty && plan.withdrawn.isEmpty)
        #expect(try await store.catalogue() == catalogue)
        let first = try #require(catalogue.journeys.first)
        #expect(try await store.journey(first.id, version: nil) == first)
        #expect(try await store.journey(first.id, version: first.version) == first)
        #expect(try await store.journey(first.id, version: first.version + 1) == nil)
        #expect(try await store.journey("no-such-journey", version: nil) == nil)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aCustomJourneyIsSavedUnlistedAndCanBeHeld(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        var custom = Small.journey()
        custom.id = "custom-0123456789abcdef"
        try await store.saveCustomJourney(custom, at: Small.now)
        try await store.saveCustomJourney(custom, at: Small.now)
        #expect(try await store.journey(custom.id, version: nil) == custom)
        #expect(try await store.catalogue() == Small.catalogue())
        // Republishing the catalogue neither lists nor withdraws it.
        let plan = try await store.publish(Small.catalogue(), at: Small.now)
        #expect(plan.withdrawn.isEmpty)
        #expect(try await store.journey(custom.id, version: nil) == custom)
        let service = BookingService(store: store, clock: FixedClock(instant: Small.now))
        let held = try await service.hold(
          .init(journey: custom.id, date: LocalDate("2026-06-10")!, group: Small.group()))
        #expect(held.journey == custom.id)
        await #expect(throws: StoreError.notCustom(Small.journeyID)) {
          try await store.saveCustomJourney(Small.journey(), at: Small.now)
        }
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func republishingTheSameCatalogueChangesNothing(_ backend: StoreBackend) async throws {
      let catalogue = try CatalogueReader.read(directory: cataloguePath)
      try await withStore(backend) { store, _ throws in
        _ = try await store.publish(catalogue, at: Small.now)
        let again = try await store.publish(catalogue, at: Small.now.addingTimeInterval(60))
        #expect(again.newVersions.isEmpty)
        #expect(again.unchanged == catalogue.journeys.map(\.id))
        #expect(again.withdrawn.isEmpty)
        #expect(try await store.catalogue() == catalogue)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func changingAPublishedVersionIsRefusedAndWritesNothing(_ backend: StoreBackend) async throws {
      let catalogue = try CatalogueReader.read(directory: cataloguePath)
      try await withStore(backend) { store, _ throws in
        _ = try await store.publish(catalogue, at: Small.now)
        var changed = catalogue
        changed.journeys[0].title.en += " (revised)"
        changed.sites[0].name += " (renamed)"
        changed.journeys.removeLast()
        let error = try await #require(throws: PublicationError.self) {
          try await store.publish(changed, at: Small.now)
        }
        #expect(error.conflicts.map(\.journey) == [catalogue.journeys[0].id])
        #expect(error.conflicts.map(\.kind) == [.changed])
        // Neither the site rename nor the withdrawal went through.
        #expect(try await store.catalogue() == catalogue)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aNewVersionReplacesTheOfferedOneAndKeepsTheOld(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        _ = try await store.publish(Small.catalogue(), at: Small.now)
        let v2 = Small.journey(version: 2, minutes: 90)
        let plan = try await store.publish(
          Catalogue(sites: Small.catalogue().sites, journeys: [v2]), at: Small.now)
        #expect(plan.newVersions == [v2])
        #expect(try await store.journey(Small.journeyID, version: nil) == v2)
        #expect(try await store.journey(Small.journeyID, version: 1) == Small.journey())
        #expect(try await store.catalogue().journeys == [v2])
        // Back to v1 is said once; publishing v1 again afterwards changes nothing.
        let back = try await store.publish(Small.catalogue(), at: Small.now)
        #expect(back.rolledBack == [Small.journeyID: 2])
        let again = try await store.publish(Small.catalogue(), at: Small.now)
        #expect(again.unchanged == [Small.journeyID] && again.rolledBack.isEmpty)
        #expect(try await store.catalogue().journeys == [Small.journey()])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aDryRunSaysWhatPublishingWouldChangeAndWritesNothing(_ backend: StoreBackend)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        _ = try await store.publish(Small.catalogue(), at: Small.now)
        let v2 = Small.journey(version: 2, minutes: 90)
        let sites = Array(Small.catalogue().sites.dropFirst())
        let preview = try await store.publish(
          Catalogue(sites: sites, journeys: [v2]), at: Small.now, dryRun: true)
        #expect(preview.newVersions == [v2])
        #expect(preview.sites.removed == [Small.catalogue().sites[0].id])
        #expect(try await store.catalogue() == Small.catalogue())
        let log = try await store.auditLog(subject: "catalogue:published", after: nil, limit: 5)
        #expect(log.count == 1, "only the real publication is on record")
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func aJourneyLeftOutIsWithdrawnButItsVersionsStay(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        _ = try await store.publish(Small.catalogue(), at: Small.now)
        let plan = try await store.publish(
          Catalogue(sites: Small.catalogue().sites, journeys: []), at: Small.now)
        #expect(plan.withdrawn == [Small.journeyID])
        // Offered again, it is said to be, not "unchanged" only.
        let back = try await store.publish(Small.catalogue(), at: Small.now, dryRun: true)
        #expect(back.unchanged == [Small.journeyID] && back.reinstated == [Small.journeyID])
        #expect(try await store.catalogue().journeys.isEmpty)
        #expect(try await store.journey(Small.journeyID, version: nil) == nil)
        #expect(try await store.journey(Small.journeyID, version: 1) == Small.journey())
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func guidesAreSavedAndReplacedById(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        var camille = Guide(
          id: "guide-camille", name: "Camille", languages: ["fr"], certifiedThemes: [.heritage])
        let ines = Guide(id: "guide-ines", name: "Inès", languages: ["fr", "en"], active: false)
        try await store.save(ines)
        try await store.save(camille)
        camille.languages = ["fr", "en"]
        camille.maxHoursPerDay = 6
        try await store.save(camille)
        #expect(try await store.guides() == [camille, ines])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func organisationsAreSavedAndReplacedById(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await store.save(Small.lille)
        try await store.save(Small.demo)
        var renamed = Small.demo
        renamed.name = "Commune de Loos-en-Gohelle"
        renamed.contact = nil
        try await store.save(renamed)
        #expect(try await store.organisations() == [renamed, Small.lille])
      }
    }
  }
}
