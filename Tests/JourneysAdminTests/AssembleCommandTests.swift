import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Testing

@testable import journeys_admin

@Suite("journeys-admin assemble and bench optw")
struct AssembleCommandTests {
  @Test func assembleSavesEachDayAsAJourneyThatCanBeHeld() async throws {
    // The command runs on the real clock: a date some months ahead, within every site's horizon.
    let first = CivilTime.paris.civil(Date()).date.adding(days: 150)
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin([
        "guides", "add", "--id", "guide-test", "--name", "Test Guide", "--languages", "fr",
        "--themes", "energy,heritage", "--database", database,
      ])
      try await admin([
        "assemble", "--from", first.description, "--days", "2", "--size", "20", "--theme",
        "energy=2", "--theme", "heritage", "--seconds", "30", "--iterations", "300",
        "--database", database,
      ])
      let store = try await openStore(database)
      // The same search through the service finds the days the command saved, unlisted.
      let request = AssemblyRequest(
        firstDate: first, days: 2,
        group: GroupProfile(headcount: 20, language: "fr"), themes: [.energy: 2, .heritage: 1])
      let programme = try await BookingService(store: store).assemble(
        request, options: .init(seed: 1, seconds: 30, iterations: 300))
      #expect(!programme.days.isEmpty)
      for day in programme.days {
        #expect(try await store.journey(day.journey.id, version: nil) == day.journey)
      }
      #expect(try await store.catalogue().journeys.allSatisfy { !$0.id.isCustom })
      try await store.close()
    }
  }

  @Test func assembleRefusesAnUnknownThemeBeforeRunning() async throws {
    #expect(throws: (any Error).self) {
      _ = try JourneysAdmin.parseAsRoot([
        "assemble", "--from", "2027-06-15", "--size", "20", "--theme", "solar=2",
      ])
    }
  }

  @Test func aNegativeGroupSizeIsRefusedForWhatItIsNotTakenForAMissingValue() {
    for command in [
      ["assemble", "--from", "2027-06-15", "--size", "-1", "--theme", "energy"],
      ["availability", "loos-ville-pilote", "--from", "2027-06-15", "--size", "-1"],
    ] {
      do {
        _ = try JourneysAdmin.parseAsRoot(command)
        Issue.record("\(command) was accepted")
      } catch {
        let message = JourneysAdmin.message(for: error)
        #expect(message.contains("--size must be at least 1"), "\(message)")
      }
    }
  }

  @Test func benchOptwSolvesAFileAndChecksItsRoutes() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("optw-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("c999.txt")
    try """
    4 10 3 1
    0 200
      0 0.00 0.00 0.00 0.00 0 0 0 100
      1 3.00 4.00 10.00 7.00 1 2 1 2 0 50
      2 1.00 1.00 5.00 3.00 1 1 1 10 60
      3 60.00 60.00 5.00 9.00 1 1 1 0 100
    """.write(to: file, atomically: true, encoding: .utf8)
    try await admin(["bench", "optw", file.path, "--tours", "1", "--seconds", "0.1", "--json"])
    let table = directory.appendingPathComponent("best.tsv")
    try "instance\tm\tbest_known\tstatus\nc999\t1\t10\tproven optimum\n".write(
      to: table, atomically: true, encoding: .utf8)
    try await admin([
      "bench", "optw", "--all", directory.path, "--best-known", table.path, "--seconds", "0.1",
    ])
  }
}
