import Journeys
import Testing

@Suite("PublicationPlan")
struct PublicationPlanTests {
  func journey(_ id: Journey.ID, version: Int, minutes: Int = 60) -> Journey {
    Basin.journey([Basin.stop(Basin.baseID, minutes)], id: id, version: version)
  }

  /// `listed` journeys are on offer at their latest published version unless `offered` says.
  func plan(
    published: [Journey], listed: Set<Journey.ID>, offered: [Journey.ID: Int] = [:],
    incoming: [Journey]
  ) throws(PublicationError) -> PublicationPlan {
    var versions = offered
    for id in listed where versions[id] == nil {
      versions[id] = published.filter { $0.id == id }.map(\.version).max()
    }
    return try PublicationPlan.make(
      published: published, offered: versions,
      incoming: Catalogue(sites: Basin.sites, journeys: incoming))
  }

  @Test func journeysNeverPublishedAreNewVersions() throws {
    let incoming = [journey("b", version: 1), journey("a", version: 3)]
    let result = try plan(published: [], listed: [], incoming: incoming)
    #expect(result.newVersions.map(\.id) == ["a", "b"])
    #expect(result.unchanged.isEmpty)
    #expect(result.withdrawn.isEmpty)
  }

  @Test func anIdenticalVersionIsUnchanged() throws {
    let a = journey("a", version: 1)
    let result = try plan(published: [a], listed: ["a"], incoming: [a])
    #expect(result.newVersions.isEmpty)
    #expect(result.unchanged == ["a"])
    #expect(result.withdrawn.isEmpty)
  }

  @Test func aChangedJourneyWithAHigherVersionIsNew() throws {
    let published = journey("a", version: 1)
    let changed = journey("a", version: 2, minutes: 90)
    let result = try plan(published: [published], listed: ["a"], incoming: [changed])
    #expect(result.newVersions == [changed])
    #expect(result.unchanged.isEmpty)
    #expect(result.withdrawn.isEmpty)
  }

  @Test func changingAPublishedVersionIsRefused() throws {
    let published = journey("a", version: 1)
    let changed = journey("a", version: 1, minutes: 90)
    let error = try #require(throws: PublicationError.self) {
      try plan(published: [published], listed: ["a"], incoming: [changed])
    }
    #expect(error.conflicts.map(\.journey) == ["a"])
    #expect(error.conflicts.map(\.version) == [1])
    #expect(error.conflicts.map(\.kind) == [.changed])
  }

  @Test func publishingAnOlderVersionThanThePublishedOneIsRefused() throws {
    let published = [journey("a", version: 2), journey("a", version: 3)]
    let error = try #require(throws: PublicationError.self) {
      try plan(published: published, listed: ["a"], incoming: [journey("a", version: 1)])
    }
    #expect(error.conflicts.map(\.kind) == [.older(3)])
  }

  @Test func republishingAnIdenticalOlderVersionIsUnchanged() throws {
    // Going back to a version published earlier, unchanged, is allowed (a rollback).
    let v1 = journey("a", version: 1)
    let v2 = journey("a", version: 2, minutes: 90)
    let result = try plan(published: [v1, v2], listed: ["a"], incoming: [v1])
    #expect(result.unchanged == ["a"])
    #expect(result.newVersions.isEmpty)
    // Said as a rollback, not as nothing changed.
    #expect(result.rolledBack == ["a": 2])
    #expect(try plan(published: [v1, v2], listed: ["a"], incoming: [v2]).rolledBack.isEmpty)
    // Once back on v1, publishing v1 again changes nothing and says so.
    let again = try plan(published: [v1, v2], listed: [], offered: ["a": 1], incoming: [v1])
    #expect(again.unchanged == ["a"])
    #expect(again.rolledBack.isEmpty)
  }

  @Test func everyConflictIsReportedAtOnce() throws {
    let published = [journey("a", version: 1), journey("b", version: 4)]
    let incoming = [journey("a", version: 1, minutes: 45), journey("b", version: 2)]
    let error = try #require(throws: PublicationError.self) {
      try plan(published: published, listed: ["a", "b"], incoming: incoming)
    }
    #expect(error.conflicts.map(\.journey) == ["a", "b"])
    #expect(error.description.contains("published versions are immutable"))
    #expect(error.description.contains("older than the published version 4"))
  }

  @Test func aListedJourneyAbsentFromTheCatalogueIsWithdrawn() throws {
    let a = journey("a", version: 1)
    let b = journey("b", version: 1)
    let result = try plan(published: [a, b], listed: ["a", "b"], incoming: [a])
    #expect(result.unchanged == ["a"])
    #expect(result.withdrawn == ["b"])
    #expect(result.newVersions.isEmpty)
    #expect(!result.withdrawsEverything)
    let none = try plan(published: [a, b], listed: ["a", "b"], incoming: [])
    #expect(none.withdrawsEverything)
  }

  @Test func anUnlistedJourneyIsNotWithdrawnAgain() throws {
    let a = journey("a", version: 1)
    let b = journey("b", version: 1)
    let result = try plan(published: [a, b], listed: ["a"], incoming: [a])
    #expect(result.withdrawn.isEmpty)
  }

  @Test func sitesAddedRemovedAndChangedAreNamedWithWhatChanged() {
    var base = Basin.base
    base.capacity.groupsPerDay = 1
    base.openingHours = Basin.hours("10:00-12:00")
    let changes = SiteChanges(
      before: [Basin.base, Basin.terrils, Basin.louvre], after: [Basin.louvre, base])
    #expect(changes.added.isEmpty)
    #expect(changes.removed == [Basin.terrilsID])
    #expect(changes.changed == [.init(site: Basin.baseID, aspects: ["opening", "capacity"])])
    let first = SiteChanges(before: [], after: [Basin.base])
    #expect(first.added == [Basin.baseID] && first.removed.isEmpty && first.changed.isEmpty)
    #expect(SiteChanges(before: [Basin.base], after: [Basin.base]).isEmpty)
  }
}
