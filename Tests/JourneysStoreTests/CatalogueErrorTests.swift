import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

/// Broken catalogues written to temporary directories: every problem must come back with the
/// file, line and column a reviewer needs to fix it.
@Suite("CatalogueReader errors")
struct CatalogueErrorTests {
  static let site = """
    id: test-site
    name: "Site de test"
    commune: "Loos-en-Gohelle"
    location: {lat: 50.45, lon: 2.79, precision: site}
    themes: [energy]
    visit_minutes: 60
    guided: true
    languages: [fr, en]
    capacity: {max_group_size: 40, simultaneous_groups: 2, groups_per_day: 6}
    opening:
      weekly:
        mon: ["09:00-17:00"]
        tue: ["09:00-17:00"]
      public_holidays: closed
    summary: {fr: "Un site.", en: "A site."}
    sources: ["https://example.org"]

    """

  /// Line numbers matter: `start` is on line 13, the stop on lines 16–21.
  static let journey = """
    id: test-journey
    version: 1
    title:
      fr: "Parcours d'essai"
      en: "Test journey"
    description:
      fr: "Une journée."
      en: "A day."
    themes: [energy]
    languages: [fr]
    group_size: {min: 5, max: 30}
    day:
      start: "09:00"
      end: "17:00"
    stops:
      - site: test-site
        kind: visit
        minutes: 60
        guided: true
        mandatory: true
        activity: {fr: "Visite", en: "Visit"}

    """

  /// Writes a site file and a journey file to a new directory and reads it as a catalogue.
  func read(
    site: String = site, journey: String = journey, journeyFile: String = "test-journey"
  ) throws -> (Result<Catalogue, CatalogueErrors>, directory: String) {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("sites/test-site.yaml", site)
    try directory.write("journeys/\(journeyFile).yaml", journey)
    let result = Result { () throws(CatalogueErrors) in
      try CatalogueReader.read(directory: directory.path)
    }
    return (result, directory.path)
  }

  /// The issues of a catalogue that must not read.
  func issues(
    site: String = site, journey: String = journey, journeyFile: String = "test-journey"
  ) throws -> (issues: [CatalogueIssue], directory: String) {
    let (result, directory) = try read(site: site, journey: journey, journeyFile: journeyFile)
    guard case .failure(let errors) = result else {
      Issue.record("the broken catalogue was read")
      return ([], directory)
    }
    return (errors.issues, directory)
  }

  func replacing(_ text: String, _ old: String, with new: String) -> String {
    precondition(text.contains(old), "the fixture has no “\(old)”")
    return text.replacingOccurrences(of: old, with: new)
  }

  @Test func theFixtureCatalogueIsValid() throws {
    let catalogue = try read().0.get()
    #expect(catalogue.sites.map(\.id) == ["test-site"])
    #expect(catalogue.journeys.map(\.id) == ["test-journey"])
    #expect(catalogue.journeys.first?.day.start == LocalTime("09:00"))
  }

  @Test func aYAMLSyntaxErrorIsReportedWhereTheParserStopped() throws {
    let broken = replacing(Self.journey, "    minutes: 60", with: "    minutes: 60: 90")
    let (issues, directory) = try issues(journey: broken)
    let issue = try #require(issues.first)
    #expect(issues.count == 1)
    #expect(issue.file == "\(directory)/journeys/test-journey.yaml")
    #expect(issue.line == 18)
    #expect(issue.column == 16)
    #expect(issue.message.hasPrefix("YAML syntax: "))
  }

  @Test func aTabOrAMisindentedLineIsNamedAsSuch() throws {
    let tabbed = replacing(Self.site, "  mon: [\"09:00-17:00\"]", with: "\tmon: [\"09:00-17:00\"]")
    let tab = try #require(try issues(site: tabbed).issues.first)
    #expect(tab.message.hasSuffix("holds a tab: YAML indents with spaces only)"), "\(tab.message)")
    let shifted = replacing(Self.site, "themes: [energy]", with: "themes: [energy]\n  visit: x: y")
    let indent = try #require(try issues(site: shifted).issues.first)
    #expect(indent.message.contains("YAML syntax: "), "\(indent.message)")
  }

  @Test func aMissingRequiredKeyIsReportedAtItsMapping() throws {
    let broken = replacing(Self.journey, "    minutes: 60\n", with: "")
    let (issues, directory) = try issues(journey: broken)
    #expect(
      issues == [
        CatalogueIssue(
          file: "\(directory)/journeys/test-journey.yaml", line: 16, column: 5,
          message: "missing required key “minutes”")
      ])
  }

  @Test func aValueOfTheWrongTypeIsReportedAtTheValue() throws {
    let broken = replacing(Self.journey, "minutes: 60", with: #"minutes: "abc""#)
    let (issues, directory) = try issues(journey: broken)
    #expect(
      issues == [
        CatalogueIssue(
          file: "\(directory)/journeys/test-journey.yaml", line: 18, column: 14,
          message: "expected minutes (a whole number), found “abc”")
      ])
  }

  @Test func anIdGivenInTwoFilesIsReportedAtTheSecondNamingTheFirst() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("sites/test-site.yaml", Self.site)
    try directory.write("sites/zz-copy.yaml", Self.site)
    try directory.write("journeys/test-journey.yaml", Self.journey)
    let result = Result { () throws(CatalogueErrors) in
      try CatalogueReader.read(directory: directory.path)
    }
    guard case .failure(let errors) = result else {
      Issue.record("two sites with one id were read")
      return
    }
    let twice = try #require(errors.issues.first { $0.message.contains("is also the id of") })
    #expect(twice.file.hasSuffix("sites/zz-copy.yaml") && twice.line == 1)
    #expect(twice.message.hasSuffix("sites/test-site.yaml"))
  }

  @Test func hoursWrittenBackwardsAreSaidToBeBackwards() throws {
    let broken = replacing(Self.site, #"tue: ["09:00-17:00"]"#, with: #"tue: ["17:00-09:00"]"#)
    let (issues, _) = try issues(site: broken)
    #expect(
      issues.map(\.message) == ["the hours “17:00-09:00” end (09:00) before they start (17:00)"])
  }

  @Test func twoSeasonsCoveringTheSameDayAreReportedAtTheSecond() throws {
    let seasons = """
          tue: ["09:00-17:00"]
        seasons:
          - {name: hiver, from: "11-01", to: "02-28", weekly: {mon: ["10:00-16:00"]}}
          - {name: autre, from: "01-15", to: "03-31", weekly: {mon: ["10:00-12:00"]}}
      """
    let broken = replacing(Self.site, "    tue: [\"09:00-17:00\"]\n", with: seasons + "\n")
    let (issues, _) = try issues(site: broken)
    #expect(issues.count == 1)
    #expect(issues.first?.message == "the seasons “hiver” and “autre” both cover 01-15")
  }

  @Test func aJourneyWhoseStopsOutlastItsDayIsReportedAtItsStops() throws {
    let broken = replacing(Self.journey, "minutes: 60", with: "minutes: 600")
    let (issues, _) = try issues(journey: broken)
    #expect(issues.map(\.line) == [16])
    #expect(
      issues.first?.message
        == "the stops last 600 minutes, longer than the day from 09:00 to 17:00 (480 minutes)")
  }

  @Test func aCatalogueJourneyCannotTakeACustomJourneyId() throws {
    let broken = replacing(Self.journey, "id: test-journey", with: "id: custom-test")
    let (issues, _) = try issues(journey: broken)
    let issue = try #require(issues.first { $0.message.contains("custom-") })
    #expect(issue.line == 1)
  }

  @Test func aMistypedKeyIsReportedNotIgnored() throws {
    let broken = replacing(Self.journey, "mandatory: true", with: "mandatroy: true")
    let (issues, _) = try issues(journey: broken)
    #expect(issues.map(\.line) == [20, 16])
    #expect(issues.map(\.column) == [5, 5])
    #expect(issues.first?.message.hasPrefix("unknown key “mandatroy” in a stop") == true)
    #expect(issues.first?.message.contains("mandatory") == true, "lists the expected keys")
    #expect(issues.last?.message == "missing required key “mandatory”")
  }

  @Test func aBadlyWrittenTimeNamesTheExpectedFormat() throws {
    let broken = replacing(Self.journey, #"start: "09:00""#, with: #"start: "9h30""#)
    let (issues, _) = try issues(journey: broken)
    let issue = try #require(issues.first)
    #expect(issues.count == 1)
    #expect((issue.line, issue.column) == (13, 10))
    #expect(issue.message == "expected the start of the day as HH:MM, found “9h30”")
  }

  @Test func aStopAtAnUnknownSiteIsReportedAtTheSiteValue() throws {
    let broken = replacing(Self.journey, "- site: test-site", with: "- site: nowhere")
    let (issues, directory) = try issues(journey: broken)
    let issue = try #require(issues.first)
    #expect(issues.count == 1)
    #expect(issue.file == "\(directory)/journeys/test-journey.yaml")
    #expect((issue.line, issue.column) == (16, 11))
    #expect(issue.message.hasPrefix("unknown site “nowhere”"))
  }

  @Test func aStopAtASiteWhoseFileHasErrorsPointsToThatFileNotToAMissingOne() throws {
    let broken = replacing(Self.site, "visit_minutes: 60", with: "visit_minutes: soixante")
    let (issues, _) = try issues(site: broken)
    let stop = try #require(issues.first { $0.file.hasSuffix("journeys/test-journey.yaml") })
    #expect(
      stop.message == "site “test-site” cannot be read: see the errors of sites/test-site.yaml")
    #expect(issues.contains { $0.file.hasSuffix("sites/test-site.yaml") })
  }

  @Test func anIdThatDoesNotMatchTheFileNameIsReportedAtTheId() throws {
    let (issues, directory) = try issues(journeyFile: "another-name")
    let issue = try #require(issues.first)
    #expect(issues.count == 1)
    #expect(issue.file == "\(directory)/journeys/another-name.yaml")
    #expect((issue.line, issue.column) == (1, 5))
    #expect(issue.message == "the id “test-journey” does not match the file name “another-name”")
  }

  @Test func everyProblemOfEveryFileIsReportedAtOnce() throws {
    let site = replacing(Self.site, "visit_minutes: 60", with: "visit_minutes: long")
    var journey = replacing(Self.journey, #"start: "09:00""#, with: #"start: "9h30""#)
    journey = replacing(journey, "minutes: 60", with: #"minutes: "abc""#)
    let (issues, directory) = try issues(site: site, journey: journey)
    let found = issues.map { "\($0.file.dropFirst(directory.count + 1)):\($0.line):\($0.column)" }
    #expect(
      found == [
        "sites/test-site.yaml:6:16", "journeys/test-journey.yaml:13:10",
        "journeys/test-journey.yaml:18:14",
      ])
    let errors = CatalogueErrors(issues: issues)
    #expect(errors.description.hasPrefix("3 errors:\n"))
    #expect(errors.description.contains("\(directory)/journeys/test-journey.yaml:13:10: "))
  }

  @Test func aJourneyLargerThanASiteCanTakeIsReported() throws {
    let broken = replacing(Self.journey, "max: 30", with: "max: 45")
    let (issues, _) = try issues(journey: broken)
    #expect(issues.map(\.line) == [16])
    #expect(issues.first?.message.contains("takes at most 40") == true)
  }

  @Test func aDirectoryWithoutCatalogueFilesIsAnError() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let error = try #require(throws: CatalogueErrors.self) {
      try CatalogueReader.read(directory: directory.path)
    }
    #expect(error.issues.map(\.message) == ["no sites/*.yaml nor journeys/*.yaml here"])
  }

  @Test func filesTheReaderWouldSkipAreRefusedByNameButHiddenOnesAreLeftAlone() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("sites/test-site.yaml", Self.site)
    try directory.write("journeys/test-journey.yaml", Self.journey)
    try directory.write("sites/autre.YAML", Self.site)
    try directory.write("sites/lens/nouveau.yaml", Self.site)
    try directory.write("journeys/brouillon.yaml.txt", Self.journey)
    try directory.write("lens-racine.yml", Self.site)
    try directory.write("sites/.test-site.yaml.swp", "editor state")
    try directory.write("README.md", "Le catalogue.")
    let error = try #require(throws: CatalogueErrors.self) {
      try CatalogueReader.read(directory: directory.path)
    }
    // Named as every other error names its file: below the catalogue folder as given.
    #expect(
      error.issues.map(\.file)
        == [
          "sites/autre.YAML", "sites/lens", "journeys/brouillon.yaml.txt", "lens-racine.yml",
        ].map { directory.path + "/" + $0 })
    #expect(
      error.issues[0].description.hasSuffix(
        "sites/autre.YAML: not read: catalogue files end in .yaml or .yml (lower case); rename or remove it"
      ))
    #expect(error.issues[1].message.contains("a folder is not read"))
    #expect(error.issues[0].message.contains(".yaml or .yml (lower case)"))
    #expect(error.issues[3].message.contains("a site goes in sites/"))
  }

  @Test func describesAnIssueAsFileLineColumn() {
    let issue = CatalogueIssue(file: "sites/a.yaml", line: 3, column: 7, message: "oops")
    #expect(issue.description == "sites/a.yaml:3:7: oops")
    #expect(CatalogueErrors(issues: [issue]).description == "1 error:\nsites/a.yaml:3:7: oops")
  }
}
