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
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("catalogue-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = FileManager.default
    try files.copyItem(atPath: catalogueDirectory, toPath: directory.path)
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
