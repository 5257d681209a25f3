import Foundation
import Journeys
import Testing

@Suite("AlternativeFinder")
struct AlternativeFinderTests {
  typealias B = Basin

  /// Tuesday 9 June 2026: the Louvre-Lens is closed.
  let tuesday = "2026-06-09"
  /// Wednesday 10 June 2026: every fixture site is open.
  let wednesday = "2026-06-10"

  /// Two weeks either side of `day`.
  func fortnight(around day: String) -> [LocalDate] {
    (-14...14).map { date(day).adding(days: $0) }
  }

  func alternatives(
    _ journey: Journey, on day: String, group: GroupProfile = B.group(),
    context: BookingContext = B.context(), otherDates: [LocalDate] = []
  ) -> [Alternative] {
    AlternativeFinder.alternatives(
      to: journey, on: date(day), for: group, in: context, otherDates: otherDates)
  }

  // MARK: Another date

  @Test func aClosedSiteYieldsTheNearestFeasibleDatesFirst() throws {
    // The Louvre-Lens is closed on Tuesdays, and exceptionally on Wednesday 10 June.
    var louvre = B.louvre
    louvre.openingHours.closures = [.init(date: date(wednesday), reason: "inventaire")]
    let context = B.context(sites: [B.base, B.terrils, louvre])
    let journey = B.journey([B.stop(B.louvreID, 90)], day: "10:00-18:00")
    #expect(
      !JourneyScheduler.schedule(journey, on: date(tuesday), for: B.group(), in: context).isFeasible
    )

    // Dates given in no particular order, the requested one among them.
    let found = alternatives(
      journey, on: tuesday, context: context, otherDates: fortnight(around: tuesday).reversed())
    #expect(found.map(\.kind) == [.otherDate, .otherDate, .otherDate])
    // Monday 8 (1 day away), then Sunday 7 and Thursday 11 (2 days), earlier first on a tie.
    #expect(found.map(\.date) == ["2026-06-08", "2026-06-07", "2026-06-11"].map(date))
    let distances = found.map { abs($0.date.distance(to: date(tuesday))) }
    #expect(distances == distances.sorted())
    for alternative in found {
      #expect(alternative.groups.count == 1)
      let programme = try #require(alternative.groups.first?.programme)
      #expect(programme.isFeasible)
      #expect(alternative.groups.first?.headcount == 20)
      #expect(
        programme.visits.first.map { CivilTime.paris.civil($0.start).date } == alternative.date)
      #expect(alternative.startTime == nil)
    }
    #expect(found.first?.change.en == "On Monday 8 June 2026 instead.")
    #expect(found.first?.change.fr == "Le lundi 8 juin 2026 au lieu du jour demandé.")
  }

  @Test func atMostTheDateLimitOfOtherDatesAreProposed() {
    let journey = B.journey([B.stop(B.louvreID, 90)], day: "10:00-18:00")
    let dates = fortnight(around: tuesday)
    #expect(alternatives(journey, on: tuesday, otherDates: dates).count == 3)
    let five = AlternativeFinder.alternatives(
      to: journey, on: date(tuesday), for: B.group(), in: B.context(), otherDates: dates,
      dateLimit: 5)
    #expect(
      five.map(\.date)
        == ["2026-06-08", "2026-06-10", "2026-06-07", "2026-06-11", "2026-06-06"].map(date))
    #expect(five.allSatisfy { $0.date.weekday != .tuesday })
  }

  @Test func noOtherDateIsProposedWhenNoneWorks() {
    // Nobody speaks German: no date helps.
    let journey = B.journey([B.stop(B.louvreID, 90)], day: "10:00-18:00", languages: ["de"])
    let found = alternatives(
      journey, on: wednesday, group: B.group(20, "de"), otherDates: fortnight(around: wednesday))
    #expect(found.isEmpty)
  }

  // MARK: Another start time

  @Test func aDayThatWorksOnlyWhenStartingLaterYieldsAnotherStartTime() throws {
    // Camille, the only guide, leads another group at the base until 10:00.
    let ledger = Ledger(entries: [
      B.entry("bk-other", at: B.baseID, on: wednesday, "08:00", "10:00", guide: B.camille.id)
    ])
    let context = B.context(guides: [B.camille], ledger: ledger)
    let journey = B.journey([B.stop(B.baseID, 60)])
    #expect(
      JourneyScheduler.schedule(journey, on: date(wednesday), for: B.group(), in: context).codes
        == [.guideNoneAvailable])
    let found = alternatives(journey, on: wednesday, context: context)
    // 09:30 and 08:30 (the base opens at 09:00) still clash; 10:00 is the nearest that works.
    #expect(found.map(\.kind) == [.otherStartTime])
    let alternative = try #require(found.first)
    #expect(alternative.date == date(wednesday))
    #expect(alternative.startTime == time("10:00"))
    let programme = try #require(alternative.groups.first?.programme)
    #expect(programme.isFeasible)
    #expect(programme.visits.map(\.start) == [paris(wednesday, "10:00")])
    #expect(programme.visits.map(\.guide) == [B.camille.id])
    #expect(alternative.change.en == "Start the day at 10:00 instead of 09:00.")
  }

  @Test func aDayTooTightForItsEndYieldsAnEarlierStart() throws {
    // The base, open from 08:00 here, 09:00–11:00, then the terrils 11:15–12:15: the day ends
    // at 12:00. Starting half an hour earlier ends it at 11:45.
    var base = B.base
    base.openingHours = B.hours("08:00-18:00")
    let context = B.context(sites: [base, B.terrils, B.louvre])
    let journey = B.journey([B.stop(B.baseID, 120), B.stop(B.terrilsID, 60)], day: "09:00-12:00")
    #expect(
      JourneyScheduler.schedule(journey, on: date(wednesday), for: B.group(), in: context).codes
        == [.journeyDayWindow])
    let found = alternatives(journey, on: wednesday, context: context)
    #expect(found.map(\.kind) == [.otherStartTime])
    let alternative = try #require(found.first)
    #expect(alternative.startTime == time("08:30"))
    let programme = try #require(alternative.groups.first?.programme)
    #expect(programme.isFeasible)
    #expect(programme.visits.last?.end == paris(wednesday, "11:45"))
  }

  @Test func aLateStartTheDayCannotHoldIsOfferedTheMorning() throws {
    // The base and the terrils (closing at 14:00 here) from 12:00 cannot both fit; an hour
    // and a half earlier they do.
    var terrils = B.terrils
    terrils.openingHours = B.hours("09:00-14:00")
    let context = B.context(sites: [B.base, terrils, B.louvre])
    let journey = B.journey([B.stop(B.baseID, 120), B.stop(B.terrilsID, 60)], day: "12:00-18:00")
    #expect(
      !JourneyScheduler.schedule(journey, on: date(wednesday), for: B.group(), in: context)
        .isFeasible)
    let found = alternatives(journey, on: wednesday, context: context)
    let alternative = try #require(found.first { $0.kind == .otherStartTime })
    #expect(alternative.startTime == time("10:30"))
    #expect(alternative.groups.first?.programme.isFeasible == true)
  }

  // MARK: Split group

  /// Every visit of `programmes` and of `ledger`, per site, never exceeds the site's capacity.
  func expectWithinCapacity(_ programmes: [(Int, Programme)], ledger: Ledger = Ledger()) {
    var all = ledger.entries
    for (index, (headcount, programme)) in programmes.enumerated() {
      for visit in programme.visits {
        all.append(.init(booking: .init("sub-\(index)"), headcount: headcount, visit: visit))
      }
    }
    for site in B.sites {
      let here = all.filter { $0.visit.site == site.id }
      for entry in here {
        let present = here.filter {
          $0.visit.start <= entry.visit.start && entry.visit.start < $0.visit.end
        }
        #expect(present.count <= site.capacity.simultaneousGroups, "\(site.id)")
        #expect(entry.headcount <= site.capacity.maxGroupSize, "\(site.id)")
      }
      #expect(Set(here.map(\.booking)).count <= site.capacity.groupsPerDay, "\(site.id)")
    }
  }

  @Test func aGroupTooLargeForTheJourneyIsSplitIntoTwoFeasibleHalves() throws {
    // 36 people on a journey for up to 20; the terrils take one group at a time.
    let journey = B.journey(
      [B.stop(B.terrilsID, 60), B.stop(B.baseID, 60)], day: "10:00-18:00", size: 5...20)
    let group = B.group(36)
    #expect(
      JourneyScheduler.schedule(journey, on: date(wednesday), for: group, in: B.context()).codes
        == [.journeyGroupSize])
    let found = alternatives(journey, on: wednesday, group: group)
    #expect(found.map(\.kind) == [.splitGroup])
    let split = try #require(found.first)
    #expect(split.groups.map(\.headcount) == [18, 18])
    #expect(split.groups.allSatisfy { $0.programme.isFeasible })
    #expect(split.groups.allSatisfy { $0.programme.visits.allSatisfy { $0.guide != nil } })
    let (a, b) = (split.groups[0].programme, split.groups[1].programme)
    // The second sub-group waits for the first to leave the terrils.
    #expect(a.visits.map(\.start) == [paris(wednesday, "10:00"), paris(wednesday, "11:15")])
    #expect(b.visits.first?.start == paris(wednesday, "11:00"))
    expectWithinCapacity(split.groups.map { ($0.headcount, $0.programme) })
    // Nobody leads both sub-groups at once.
    for visit in a.visits {
      #expect(!b.visits.contains { $0.guide == visit.guide && $0.overlaps(visit) })
    }
    // Said as its programme has it, not as the day's start it waited after.
    #expect(split.change.en == "Two sub-groups of 18 and 18 people, the second starting at 11:00.")
  }

  @Test func anOddHeadcountPutsTheExtraPersonInTheFirstHalf() throws {
    let journey = B.journey([B.stop(B.baseID, 60)], size: 5...20)
    let found = alternatives(journey, on: wednesday, group: B.group(37, wheelchairUsers: 1))
    let split = try #require(found.first { $0.kind == .splitGroup })
    #expect(split.groups.map(\.headcount) == [19, 18])
    // The base takes two groups at once: both halves visit at 09:00, with two guides.
    #expect(
      split.groups.map { $0.programme.visits.first?.start } == [
        paris(wednesday, "09:00"), paris(wednesday, "09:00"),
      ])
    #expect(
      split.change.en
        == "Two sub-groups of 19 and 18 people, side by side from 09:00, each with its own guide.")
    #expect(Set(split.groups.compactMap { $0.programme.visits.first?.guide }).count == 2)
    expectWithinCapacity(split.groups.map { ($0.headcount, $0.programme) })
  }

  @Test func aGroupWhoseHalvesAreStillTooLargeIsNotSplit() {
    let journey = B.journey([B.stop(B.baseID, 60)], size: 5...20)
    #expect(alternatives(journey, on: wednesday, group: B.group(45)).isEmpty)
  }

  @Test func aGroupWhoseHalvesAreTooSmallIsNotSplit() {
    let journey = B.journey([B.stop(B.baseID, 60)], size: 15...20)
    let found = alternatives(journey, on: wednesday, group: B.group(20))
    #expect(!found.contains { $0.kind == .splitGroup })
  }
}
