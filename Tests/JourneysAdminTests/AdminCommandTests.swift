import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Testing

@testable import journeys_admin

let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let catalogueDirectory = repositoryRoot.appendingPathComponent("itineraries").path

/// Parses and runs a command line as the executable would.
func admin(_ arguments: [String]) async throws {
  var command = try JourneysAdmin.parseAsRoot(arguments)
  if var async = command as? AsyncParsableCommand {
    try await async.run()
  } else {
    try command.run()
  }
}

/// A temporary database, created empty as `db migrate` does, removed after `body`.
func withDatabase(_ body: (String) async throws -> Void) async throws {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("journeys-admin-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: directory) }
  let database = directory.appendingPathComponent("admin.sqlite").path
  // Set up as an operator would: commands other than these refuse a file that is not there.
  try await admin(["db", "migrate", "--database", database])
  try await body(database)
}

/// A Wednesday some months ahead: the commands run on the real clock, and a fixed date would
/// one day be in the past.
let aWednesdayAhead: LocalDate = {
  var date = CivilTime.paris.civil(Date()).date.adding(days: 120)
  while date.weekday != .wednesday { date = date.adding(days: 1) }
  return date
}()

func openStore(_ path: String) async throws -> SQLiteBookingStore {
  try await SQLiteBookingStore.open(path: path)
}

@Suite("journeys-admin")
struct AdminCommandTests {
  @Test func validateAcceptsTheRealCatalogue() async throws {
    try await admin(["catalogue", "validate", catalogueDirectory])
  }

  @Test func validateRefusesABrokenCatalogueWithPositions() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("broken-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let sites = directory.appendingPathComponent("sites")
    try FileManager.default.createDirectory(at: sites, withIntermediateDirectories: true)
    try "id: x\nname: [unclosed\n".write(
      to: sites.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
    await #expect {
      try await admin(["catalogue", "validate", directory.path])
    } throws: { error in
      "\(error)".contains("x.yaml:") && "\(error)".contains("YAML syntax")
    }
  }

  @Test func publishThenListJourneysAndGuides() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin(["journeys", "list", "--database", database])
      try await admin([
        "guides", "add", "--id", "guide-test", "--name", "Test Guide", "--languages", "fr,en",
        "--sites", "loos-base-11-19", "--themes", "memory", "--database", database,
      ])
      try await admin(["guides", "list", "--database", database])
      let printed = try await GuidesCommand.Token.parse(["guide-test", "--database", database])
        .issue()
      let token = try #require(printed.last?.components(separatedBy: "token=").last)
      await #expect(throws: AdminError.self) {
        try await admin(["guides", "token", "guide-nobody", "--database", database])
      }
      let store = try await openStore(database)
      let journeys = try await store.catalogue().journeys
      let guides = try await store.guides()
      try await store.close()
      #expect(guides.first?.calendarTokenHash == TokenSecrets.hash(token))
      #expect(journeys.count >= 6)
      #expect(guides.map(\.id) == ["guide-test"])
      #expect(guides.first?.languages == ["fr", "en"])
    }
  }

  @Test func publishingTwiceReportsNothingNew() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
    }
  }

  @Test func guidesAddRefusesUnknownSitesAndBadLanguages() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      await #expect(throws: (any Error).self) {
        try await admin([
          "guides", "add", "--id", "g", "--name", "G", "--languages", "fr",
          "--sites", "atlantis", "--database", database,
        ])
      }
      for (options, why) in [
        (["--name", "Mairie\tde Loos"], "--name must be one line"),
        (["--name", "Mairie", "--contact-name", "Claire\r"], "--contact-name must be one line"),
      ] {
        do {
          _ = try JourneysAdmin.parseAsRoot(["organisations", "add", "--id", "o"] + options)
          Issue.record("\(options) accepted")
        } catch {
          #expect(JourneysAdmin.message(for: error).contains(why))
        }
      }
      for (options, why) in [
        (["--name", "G", "--languages", "french"], "two-letter codes"),
        (["--name", "G", "--languages", "fr,zz"], "zz is no ISO 639-1 language"),
        (["--name", "   ", "--languages", "fr"], "--name must not be blank"),
        (["--name", "Thomas\nligne 2", "--languages", "fr"], "--name must be one line"),
        (
          [
            "--name", "G", "--languages", "fr", "--max-hours-per-day", "10", "--max-hours-per-week",
            "5",
          ],
          "cannot exceed"
        ),
      ] {
        do {
          _ = try JourneysAdmin.parseAsRoot(["guides", "add", "--id", "g"] + options)
          Issue.record("\(options) accepted")
        } catch {
          let message = JourneysAdmin.message(for: error)
          #expect(message.contains(why), "\(message)")
        }
      }
    }
  }

  @Test func bookingsListShowAndCancelWorkOnAStoredBooking() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      let store = try await openStore(database)
      try await store.save(Organisation(id: "demo", name: "Demo"))
      try await store.save(
        Guide(
          id: "g1", name: "G", languages: ["fr"], certifiedSites: ["loos-terrils-jumeaux-74"],
          certifiedThemes: Theme.allCases))
      let service = BookingService(store: store)
      let booking = try await service.hold(
        .init(
          journey: "loos-ville-pilote", date: aWednesdayAhead,
          group: Group(
            organisation: "demo", contact: Contact(name: "C", phone: "+33 6 12 34 56 78"),
            headcount: 20, language: "fr")))
      var catalogue = try await store.catalogue()
      try await store.close()
      // What the office follows up: the phone, each guided visit's guide, and what a new
      // catalogue contradicts (here the journey withdrawn).
      let now = Date()
      var shown = BookingsCommand.describe(booking, catalogue: catalogue, now: now)
      #expect(shown.contains("contact   C +33 6 12 34 56 78"), "\(shown)")
      #expect(shown.contains("guide g1") && !shown.contains("follow up"), "\(shown)")
      #expect(shown.contains("Mairie de Loos-en-Gohelle (loos-mairie)"), "\(shown)")
      catalogue.journeys.removeAll { $0.id == booking.journey }
      var unstaffed = booking
      unstaffed.visits = booking.visits.map { visit in
        var copy = visit
        copy.guide = nil
        return copy
      }
      shown = BookingsCommand.describe(unstaffed, catalogue: catalogue, now: now)
      #expect(shown.contains("NO GUIDE YET"), "\(shown)")
      #expect(
        shown.contains("follow up: the journey loos-ville-pilote is no longer offered"),
        "\(shown)")
      shown = BookingsCommand.describe(
        try booking.cancelled(at: now), catalogue: catalogue, now: now)
      #expect(!shown.contains("guide") && !shown.contains("follow up"), "\(shown)")

      try await admin(["bookings", "list", "--database", database])
      try await admin([
        "bookings", "list", "--date", aWednesdayAhead.description, "--database", database,
      ])
      try await admin([
        "export", "manifest", "--date", aWednesdayAhead.description, "--csv", "--database",
        database,
      ])
      try await admin([
        "export", "manifest", "--date", aWednesdayAhead.description, "--guide", "g1",
        "--database", database,
      ])
      await #expect(throws: AdminError.self) {
        try await admin([
          "export", "manifest", "--date", aWednesdayAhead.description, "--guide", "nobody",
          "--database", database,
        ])
      }
      try await admin(["bookings", "show", booking.id.rawValue, "--database", database])
      try await admin(["bookings", "cancel", booking.id.rawValue, "--database", database])
      let reopened = try await openStore(database)
      let cancelled = try await reopened.booking(booking.id)
      try await reopened.close()
      #expect(cancelled?.state.name == "cancelled")
      await #expect(throws: BookingError.self) {
        try await admin(["bookings", "show", "bk-none", "--database", database])
      }
      #expect(throws: (any Error).self) {
        _ = try JourneysAdmin.parseAsRoot(["bookings", "list", "--date", "12/05/2027"])
      }
    }
  }

  @Test func databaseMigrateStatusAndBackup() async throws {
    try await withDatabase { database in
      try await admin(["db", "migrate", "--database", database])
      try await admin(["db", "status", "--database", database])
      let backup = database + ".backup"
      try await admin(["db", "backup", backup, "--database", database])
      let copy = try await openStore(backup)
      let status = try await copy.schemaStatus()
      try await copy.close()
      #expect(status.current == status.latest)
      await #expect(throws: (any Error).self) {
        try await admin(["db", "backup", backup, "--database", database])
      }
      // Reading the status of a file that is not there does not create it.
      let missing = database + ".missing"
      // Nor does any command but those that set a store up: a mistyped path would otherwise
      // get a token the service never sees.
      for command in [
        ["db", "status"], ["guides", "list"], ["bookings", "list"],
        ["tokens", "create", "--role", "admin", "--subject", "x"], ["audit"],
      ] {
        await #expect(throws: StoreError.missingDatabase(missing), "\(command)") {
          try await admin(command + ["--database", missing])
        }
      }
      #expect(!FileManager.default.fileExists(atPath: missing))
      try await admin(["db", "migrate", "--database", missing])
      #expect(FileManager.default.fileExists(atPath: missing))
    }
  }
}

@Suite("journeys-admin organisations")
struct OrganisationsCommandTests {
  @Test func addThenListAndRenameKeepingTheContact() async throws {
    try await withDatabase { database in
      try await admin([
        "organisations", "add", "arras", "--name", "Ville d'Arras", "--contact-name", "Léa",
        "--email", "lea@arras.fr", "--database", database,
      ])
      try await admin(["organisations", "add", "arras", "--name", "Arras", "--database", database])
      try await admin(["organisations", "list", "--database", database])
      let store = try await openStore(database)
      let organisations = try await store.organisations()
      try await store.close()
      #expect(organisations.map(\.name) == ["Arras"])
      // A rename keeps the contact it was not given.
      #expect(organisations.first?.contact?.email == "lea@arras.fr")
    }
  }

  @Test func badIdsAndEmailsAreRefusedBeforeAnythingIsWritten() {
    #expect(throws: (any Error).self) {
      _ = try JourneysAdmin.parseAsRoot(["organisations", "add", "Arras!", "--name", "A"])
    }
    #expect(throws: (any Error).self) {
      _ = try JourneysAdmin.parseAsRoot([
        "organisations", "add", "arras", "--name", "A", "--contact-name", "L", "--email", "x",
      ])
    }
  }
}
