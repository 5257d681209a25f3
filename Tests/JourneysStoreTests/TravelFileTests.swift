import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

@Suite("TravelFile")
struct TravelFileTests {
  static let sites: Set<Site.ID> = ["lens-gare", "loos-base-11-19", "lens-louvre-lens"]

  /// Writes `text` as `travel.yaml` in a new directory and reads it.
  func read(_ text: String, sites: Set<Site.ID>? = sites) throws -> (
    Result<TravelTimes, CatalogueErrors>, path: String
  ) {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try directory.write("travel.yaml", text)
    let result = Result { () throws(CatalogueErrors) in
      try TravelFile.read(path: path, sites: sites)
    }
    return (result, path)
  }

  func issues(_ text: String, sites: Set<Site.ID>? = sites) throws -> (
    [CatalogueIssue], path: String
  ) {
    let (result, path) = try read(text, sites: sites)
    guard case .failure(let errors) = result else {
      Issue.record("the broken travel file was read")
      return ([], path)
    }
    return (errors.issues, path)
  }

  @Test func aMissingFileGivesTheDefaultTravelModel() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let travel = try TravelFile.read(path: directory.path("travel.yaml"), sites: Self.sites)
    #expect(travel == TravelTimes())
    #expect(travel.overrides.isEmpty)
    #expect(travel.coachKilometresPerHour == 35)
  }

  @Test func readsTheCoachParametersAndTheMeasuredTimes() throws {
    let travel = try read(
      """
      coach:
        detour_factor: 1.5
        km_per_hour: 40
        boarding_minutes: 5
        walking_threshold_km: 0.8
        walking_km_per_hour: 4.5
      overrides:
        - between: [lens-gare, loos-base-11-19]
          minutes: 20
        - between: [lens-louvre-lens, lens-gare]
          minutes: 15

      """
    ).0.get()
    #expect(travel.detourFactor == 1.5)
    #expect(travel.coachKilometresPerHour == 40)
    #expect(travel.boardingMinutes == 5)
    #expect(travel.walkingThresholdKilometres == 0.8)
    #expect(travel.walkingKilometresPerHour == 4.5)
    #expect(travel.overrides.count == 2)
    // A measured time holds in both directions, whichever order the file names the sites in.
    #expect(travel.overrides[.init("loos-base-11-19", "lens-gare")] == 20)
    #expect(travel.overrides[.init("lens-gare", "lens-louvre-lens")] == 15)
  }

  @Test func coachParametersNotGivenKeepTheirDefaults() throws {
    let travel = try read("coach:\n  km_per_hour: 50\n").0.get()
    var expected = TravelTimes()
    expected.coachKilometresPerHour = 50
    #expect(travel == expected)
  }

  @Test func anEmptyModelIsTheDefault() throws {
    #expect(try read("overrides: []\n").0.get() == TravelTimes())
  }

  @Test func anUnknownSiteInAnOverrideIsReportedWithItsPosition() throws {
    let (issues, path) = try issues(
      """
      overrides:
        - between: [lens-gare, loos-base-11-19]
          minutes: 20
        - between: [lens-gare, nowhere]
          minutes: 20

      """)
    #expect(
      issues == [CatalogueIssue(file: path, line: 4, column: 26, message: "unknown site “nowhere”")]
    )
    #expect(issues.first?.description == "\(path):4:26: unknown site “nowhere”")
  }

  @Test func withoutSitesTheOverridesAreNotChecked() throws {
    let travel = try read(
      """
      overrides:
        - between: [lens-gare, nowhere]
          minutes: 20

      """, sites: nil
    ).0.get()
    #expect(travel.overrides == [.init("lens-gare", "nowhere"): 20])
  }

  @Test func everyMistakeIsReportedAtOnceWithItsPosition() throws {
    let (issues, _) = try issues(
      """
      coach:
        km_per_hour: 500
        boarding: 10
      overrides:
        - between: [lens-gare, loos-base-11-19, lens-louvre-lens]
          minutes: 20
        - between: [lens-gare, loos-base-11-19]
          minutes: soon

      """)
    let found = issues.map { "\($0.line):\($0.column): \($0.message)" }
    #expect(found.count == 4, "\(found)")
    #expect(found.contains { $0.hasPrefix("3:3: unknown key “boarding” in the coach model") })
    #expect(found.contains("2:16: expected km_per_hour (a number from 5.0 to 130.0), found “500”"))
    #expect(found.contains("5:14: expected exactly two site ids"))
    #expect(found.contains("8:14: expected minutes (a whole number), found “soon”"))
  }

  @Test func theRepositoryTravelModelNamesOnlyCatalogueSites() throws {
    let catalogue = try CatalogueReader.read(directory: cataloguePath)
    let path = repositoryRoot.appendingPathComponent("config/travel.yaml").path
    let travel = try TravelFile.read(path: path, sites: Set(catalogue.sites.map(\.id)))
    #expect(!travel.overrides.isEmpty)
    #expect(travel.overrides[.init("lens-gare", "loos-base-11-19")] == 20)
  }
}
