import Foundation
import JourneysStore
import Testing

@testable import Journeys
@testable import journeys_admin

@Suite("journeys-admin guides: absences, back, deactivate")
struct GuidesRecordCommandTests {
  @Test func absencesAreRecordedOnceListedAndWithdrawn() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin([
        "guides", "add", "--id", "g1", "--name", "G", "--languages", "fr", "--database", database,
      ])
      let (first, second) = (aWednesdayAhead, aWednesdayAhead.adding(days: 1))
      try await admin([
        "guides", "unavailable", "g1", "--from", first.description, "--to", second.description,
        "--reason", "congés", "--database", database,
      ])
      // A day already recorded as away is not recorded again.
      try await admin([
        "guides", "unavailable", "g1", "--from", first.description, "--to", first.description,
        "--database", database,
      ])
      try await admin(["guides", "absences", "g1", "--database", database])
      #expect(try await Self.absences(database).map(\.reason) == ["congés"])
      // A reason longer than the API takes is refused, as the API does.
      #expect(throws: (any Error).self) {
        _ = try JourneysAdmin.parseAsRoot([
          "guides", "unavailable", "g1", "--from", first.description, "--to",
          first.description, "--reason", String(repeating: "x", count: 201),
        ])
      }
      // Back on the first day: the absence is cut short to the second.
      try await admin([
        "guides", "back", "g1", "--from", first.description, "--to", first.description,
        "--database", database,
      ])
      let civil = CivilTime.paris
      let shortened = try await Self.absences(database)
      #expect(shortened.map { civil.civil($0.start).date } == [second])
      #expect(shortened.map(\.reason) == ["congés"])
      // Days the guide is not away: refused, nothing to take out.
      await #expect {
        try await admin([
          "guides", "back", "g1", "--from", first.description, "--to", first.description,
          "--database", database,
        ])
      } throws: { error in
        "\(error)".contains("is not away between")
      }
      try await admin([
        "guides", "back", "g1", "--from", first.description, "--to", second.description,
        "--database", database,
      ])
      #expect(try await Self.absences(database).isEmpty)
    }
  }

  @Test func aDeactivatedGuideLosesHisComingVisitsAndCanBeActivatedAgain() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      var store = try await openStore(database)
      try await store.save(Organisation(id: "demo", name: "Demo"))
      for id in ["g1", "g2"] {
        try await store.save(
          Guide(
            id: .init(id), name: id, languages: ["fr"],
            certifiedSites: ["loos-terrils-jumeaux-74"], certifiedThemes: Theme.allCases))
      }
      let booking = try await BookingService(store: store).hold(
        .init(
          journey: "loos-ville-pilote", date: aWednesdayAhead,
          group: Group(
            organisation: "demo", contact: Contact(name: "C"), headcount: 20, language: "fr")))
      try await store.close()
      let leaders = Set(booking.visits.compactMap(\.guide))
      let leader = try #require(leaders.first)
      try await admin(["guides", "deactivate", leader.rawValue, "--database", database])
      store = try await openStore(database)
      let after = try #require(try await store.booking(booking.id))
      #expect(!after.visits.contains { $0.guide == leader })
      #expect(try await store.guides().first { $0.id == leader }?.active == false)
      try await store.close()
      try await admin(["guides", "activate", leader.rawValue, "--database", database])
      store = try await openStore(database)
      #expect(try await store.guides().first { $0.id == leader }?.active == true)
      try await store.close()
      await #expect(throws: AdminError.self) {
        try await admin(["guides", "deactivate", "nobody", "--database", database])
      }
    }
  }

  @Test func weeklyHoursAndRestAreSetAndLifted() async throws {
    try await withDatabase { database in
      try await admin(["catalogue", "publish", catalogueDirectory, "--database", database])
      try await admin([
        "guides", "add", "--id", "g1", "--name", "G", "--languages", "fr", "--database", database,
      ])
      try await admin([
        "guides", "availability", "g1", "--week", "mon=09:00-12:00,14:00-18:00 wed=09:00-17:00",
        "--rest", "11", "--database", database,
      ])
      var store = try await openStore(database)
      var guide = try #require(try await store.guides().first)
      try await store.close()
      #expect(guide.weeklyAvailability?[.monday]?.count == 2)
      #expect(guide.weeklyAvailability?[.tuesday] == nil)
      #expect(guide.minimumRestHours == 11)
      try await admin(["guides", "availability", "g1", "--any-time", "--database", database])
      store = try await openStore(database)
      guide = try #require(try await store.guides().first)
      try await store.close()
      #expect(guide.weeklyAvailability == nil && guide.minimumRestHours == 11)
      for bad in [["--week", "monday=09:00-12:00"], ["--week", "mon=9h-12h"], []] {
        #expect(throws: (any Error).self, "\(bad)") {
          _ = try JourneysAdmin.parseAsRoot(["guides", "availability", "g1"] + bad)
        }
      }
    }
  }

  static func absences(_ database: String) async throws -> [Guide.Absence] {
    let store = try await openStore(database)
    let absences = try await store.guides().first { $0.id == "g1" }?.unavailable ?? []
    try await store.close()
    return absences
  }
}

@Suite("guides commands: what became of the visits that changed guide")
struct GuideMovesSummaryTests {
  @Test func visitsLeftWithoutAGuideAreNotCountedAsMoved() {
    func change(_ position: Int, to: Guide.ID?) -> GuidePlan.Change {
      .init(
        visit: VisitKey(booking: "bk-a", position: position), site: "site",
        start: Date(timeIntervalSince1970: 0), from: "guide-sophie", to: to)
    }
    let plan = GuidePlan(
      assignments: [:], unassigned: [:],
      changes: [change(0, to: "guide-emma"), change(1, to: nil), change(2, to: nil)],
      guidesUsed: 1, seconds: 0)
    #expect(
      GuideHorizon.moves([plan]) == "1 visit(s) moved to another guide, 2 left without a guide")
    #expect(GuideHorizon.moves([]) == "0 visit(s) moved to another guide")
  }
}

@Suite("journeys-admin guides show: what the planner reads of a guide")
struct GuideShowTests {
  @Test func weeklyHoursRestAndHomeAreShown() throws {
    var guide = Guide(
      id: "guide-camille", name: "Camille", languages: ["fr", "en"],
      certifiedThemes: [.energy], home: "loos-base-11-19")
    guide.weeklyAvailability = [
      .monday: [LocalTimeRange("09:00-12:00")!, LocalTimeRange("14:00-18:00")!],
      .wednesday: [LocalTimeRange("09:00-17:00")!],
    ]
    guide.minimumRestHours = 11
    let shown = GuidesCommand.describe(guide)
    #expect(shown.contains("works     mon 09:00-12:00,14:00-18:00; wed 09:00-17:00"), "\(shown)")
    #expect(shown.contains("rest      11 h between working days"), "\(shown)")
    #expect(shown.contains("home      loos-base-11-19"), "\(shown)")
    guide.weeklyAvailability = nil
    #expect(GuidesCommand.describe(guide).contains("works     any time"))
  }
}
