import Foundation
import Journeys
import Testing

@Suite("VisitNotes: what a group should know that does not stop a visit")
struct VisitNotesTests {
  let day = "2026-06-10"

  func visit(at site: Site.ID, guided: Bool = true, guide: Guide.ID? = Basin.camille.id)
    -> Visit
  {
    Visit(
      site: site, kind: .visit, start: paris(day, "09:00"), end: paris(day, "10:00"),
      guided: guided, guide: guide)
  }

  @Test func aGuidedVisitWithoutItsGuideSaysTheOfficeIsFindingOne() throws {
    let notes = VisitNotes.notes(
      for: visit(at: Basin.baseID, guide: nil), site: Basin.base, needs: .init())
    #expect(notes.map(\.code) == [.guideToBeFound])
    #expect(
      notes.first?.message.en
        == "The visit to Base 11/19 on Wednesday 10 June 2026 at 09:00 has no guide yet: the office is finding one and will let you know."
    )
    // Presented by the host, no guide is wanted.
    #expect(
      VisitNotes.notes(
        for: visit(at: Basin.baseID, guided: false, guide: nil), site: Basin.base,
        needs: .init()
      ).isEmpty)
  }

  @Test func stepFreeAccessIsNotedOnlyWhereUnknownAndOnlyForWheelchairUsers() {
    var unknown = Basin.base
    unknown.accessibility.stepFree = nil
    var known = Basin.base
    known.accessibility.stepFree = true
    let wheelchair = AccessibilityNeeds(wheelchairUsers: 1)
    #expect(
      VisitNotes.notes(for: visit(at: Basin.baseID), site: unknown, needs: wheelchair)
        .map(\.code) == [.assemblyAccessUnconfirmed])
    #expect(VisitNotes.notes(for: visit(at: Basin.baseID), site: known, needs: wheelchair).isEmpty)
    #expect(VisitNotes.notes(for: visit(at: Basin.baseID), site: unknown, needs: .init()).isEmpty)
  }
}
