import Foundation
import Journeys
import JourneysStore
import Testing

@testable import journeys_admin

@Suite("journeys-admin: commands that would do nothing say so")
struct NothingToDoCommandTests {
  @Test func anAuditSubjectWithoutItsKindOrAnUnknownOrganisationIsRefused() async throws {
    for subject in ["guide-camille", "nonsense:xyz"] {
      #expect(throws: (any Error).self, "\(subject)") {
        _ = try JourneysAdmin.parseAsRoot(["audit", "--subject", subject])
      }
    }
    _ = try JourneysAdmin.parseAsRoot(["audit", "--subject", "guide:guide-camille"])
    try await withDatabase { database in
      await #expect(throws: AdminError.self) {
        try await admin([
          "webhooks", "deliveries", "--organisation", "nobody", "--database", database,
        ])
      }
    }
  }
}

@Suite("journeys-admin catalogue publish and the travel file")
struct PublishTravelFileTests {
  @Test func aCatalogueWithoutASiteTheTravelFileNamesIsNotPublished() async throws {
    let directory = try copiedCatalogue()
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = FileManager.default
    // Lens station goes, with the one journey that stops there.
    try files.removeItem(at: directory.appendingPathComponent("sites/lens-gare.yaml"))
    try files.removeItem(
      at: directory.appendingPathComponent("journeys/de-la-mine-au-louvre-lens.yaml"))
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      await #expect {
        try await admin(["catalogue", "publish", directory.path, "--database", database])
      } throws: { error in
        "\(error)".contains("lens-gare") && "\(error)".contains("nothing was published")
      }
      // Validation says it first.
      await #expect {
        try await admin(["catalogue", "validate", directory.path])
      } throws: { error in
        "\(error)".contains("travel.yaml") && "\(error)".contains("lens-gare")
      }
      let store = try await openStore(database)
      let published = try await store.catalogue()
      try await store.close()
      #expect(published.site("lens-gare") != nil)
    }
  }
}

@Suite("journeys-admin catalogue publish: preview, guard and record")
struct PublishPreviewTests {
  @Test func aCatalogueWithoutJourneysIsPreviewedRefusedThenForcedAndEveryPublishIsAudited()
    async throws
  {
    let directory = try copiedCatalogue()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The journeys folder forgotten in a copy: every journey would be withdrawn.
    try FileManager.default.removeItem(at: directory.appendingPathComponent("journeys"))
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin(
        ["catalogue", "publish", directory.path, "--dry-run", "--database", database])
      await #expect {
        try await admin(["catalogue", "publish", directory.path, "--database", database])
      } throws: { error in
        "\(error)".contains("withdraw every journey on offer")
          && "\(error)".contains("nothing was published")
      }
      var store = try await openStore(database)
      #expect(try await store.catalogue().journeys.count == 7)
      try await store.close()
      try await admin(
        ["catalogue", "publish", directory.path, "--force", "--database", database])
      store = try await openStore(database)
      #expect(try await store.catalogue().journeys.isEmpty)
      let log = try await store.auditLog(subject: "catalogue:published", after: nil, limit: 10)
      try await store.close()
      // The dry run and the refusal wrote nothing; the two publications are on record.
      #expect(log.map(\.action) == ["catalogue.published", "catalogue.published"])
      #expect(log.last?.after?.contains("\"withdrawn\":[\"alimentation-durable\"") == true)
    }
  }
}

@Suite("journeys-admin: a mistyped path creates no database")
struct MistypedPathTests {
  @Test func aDryRunOnAMisspeltDatabasePathSaysSoAndCreatesNothing() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeys-admin-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("admn.sqlite").path
    await #expect {
      try await admin(
        ["catalogue", "publish", catalogueDirectory, "--dry-run", "--database", database])
    } throws: { error in
      "\(error)".contains("no database at \(database)")
    }
    #expect(!FileManager.default.fileExists(atPath: database))
    #expect(!FileManager.default.fileExists(atPath: directory.path))
  }

  @Test func aMistypedConfigurationFileStopsTheCommandBeforeAnyDatabaseIsCreated() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeys-admin-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("prod.yml").path
    await #expect {
      try await admin(["db", "migrate", "--config", config])
    } throws: { error in
      "\(error)".contains("no configuration file at \(config)")
    }
    #expect(!FileManager.default.fileExists(atPath: directory.path))
  }
}

@Suite("journeys-admin catalogue publish: a published version changed in place")
struct PublishChangedVersionTests {
  @Test func aJourneyChangedWithoutANewVersionIsRefusedNamingItsFile() async throws {
    let directory = try copiedCatalogue()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("journeys/loos-ville-pilote.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    try text.replacingOccurrences(
      of: "Loos-en-Gohelle, pilot town", with: "Loos-en-Gohelle, the pilot town"
    ).write(to: file, atomically: true, encoding: .utf8)
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      await #expect {
        try await admin(["catalogue", "publish", directory.path, "--database", database])
      } throws: { error in
        "\(error)".contains(
          "\(directory.path)/journeys/loos-ville-pilote.yaml: journey loos-ville-pilote version 2 is already published"
        )
      }
    }
  }
}

/// A copy of the real catalogue in a new temporary directory, to break as a test needs.
func copiedCatalogue() throws -> URL {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("catalogue-\(UUID().uuidString)")
  try FileManager.default.copyItem(atPath: catalogueDirectory, toPath: directory.path)
  return directory
}

@Suite("journeys-admin organisations add: the contact")
struct OrganisationContactTests {
  let lea = Contact(name: "Léa Martin", email: "lea@arras.fr", phone: "+33 3 21 00 00 00")

  func contact(_ arguments: [String], replacing previous: Contact?) throws -> (Contact?, String?) {
    try OrganisationsCommand.Add.parse(["ville-arras", "--name", "Ville d'Arras"] + arguments)
      .contact(replacing: previous)
  }

  @Test func theSamePersonKeepsWhatIsNotGivenAgain() throws {
    let (kept, note) = try contact(["--phone", "+33 6 00 00 00 00"], replacing: lea)
    #expect(kept == Contact(name: "Léa Martin", email: "lea@arras.fr", phone: "+33 6 00 00 00 00"))
    #expect(note == nil)
    #expect(try contact([], replacing: lea).0 == lea)
  }

  @Test func anotherPersonGetsOnlyWhatIsGivenAndTheAdminIsToldWhatWasDropped() throws {
    let (paul, note) = try contact(["--contact-name", "Paul Durand"], replacing: lea)
    #expect(paul == Contact(name: "Paul Durand"))
    #expect(
      note
        == "Léa Martin's email and phone not kept for Paul Durand: give --email --phone to set Paul Durand's"
    )
    #expect(throws: AdminError.self) { try contact(["--email", "x@y.fr"], replacing: nil) }
  }
}

@Suite("journeys-admin: options checked before anything runs")
struct OptionChecksTests {
  func refusal(_ arguments: [String]) -> String? {
    do {
      _ = try JourneysAdmin.parseAsRoot(arguments)
      return nil
    } catch {
      return JourneysAdmin.message(for: error)
    }
  }

  @Test func datesOutOfOrderOrMalformedAreUsageErrorsNamingTheOption() {
    #expect(
      refusal([
        "availability", "loos-ville-pilote", "--from", "2027-05-12", "--to", "2027-05-10",
        "--size", "20",
      ])?.contains("--to (2027-05-10) is before --from (2027-05-12)") == true)
    #expect(
      refusal(["export", "manifest", "--date", "12/05/2027"])?
        .contains("--date must be a date YYYY-MM-DD, found 12/05/2027") == true)
    #expect(
      refusal(["guides", "plan", "--from", "2027-01-01", "--to", "2028-06-01"])?
        .contains("span at most 400 days") == true)
  }

  @Test func overlappingWorkingHoursAreRefusedAsInTheCatalogue() {
    #expect(
      refusal(["guides", "availability", "guide-camille", "--week", "mon=09:00-12:00,11:00-13:00"])?
        .contains("the hours of mon overlap") == true)
    #expect(
      refusal(["guides", "availability", "guide-camille", "--week", "mon=14:00-12:00"])?
        .contains("--week: 14:00-12:00 ends before it starts") == true)
    #expect(refusal(["audit", "--limit", "-3"])?.contains("--limit is 1 to 10000") == true)
  }
}
