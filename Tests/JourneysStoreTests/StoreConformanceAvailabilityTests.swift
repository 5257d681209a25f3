import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  /// `BookingService.availability(…, suggest: true)` on each store: alternatives come with the
  /// dates that cannot be booked, and only with those.
  @Suite("BookingService availability with suggestions")
  struct AvailabilitySuggestions {
    /// Monday 8, Tuesday 9 and Wednesday 10 June 2026.
    let monday = LocalDate("2026-06-08")!
    let tuesday = LocalDate("2026-06-09")!
    let wednesday = LocalDate("2026-06-10")!

    /// The small catalogue, its base closed on Tuesdays and receiving one group a day.
    static let catalogue: Catalogue = {
      var site = Small.site(
        capacity: .init(maxGroupSize: 40, simultaneousGroups: 1, groupsPerDay: 1))
      let hours = [LocalTimeRange("09:00-18:00")!]
      site.openingHours = OpeningHours(
        week: Dictionary(
          uniqueKeysWithValues: Weekday.allCases.filter { $0 != .tuesday }.map { ($0, hours) }))
      return Catalogue(sites: [site], journeys: [Small.journey()])
    }()

    /// Runs `body` with a service on a store holding the catalogue and a booking on Monday 8 June.
    func withService(
      _ backend: StoreBackend, _ body: (BookingService) async throws -> Void
    ) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store, catalogue: Self.catalogue)
        try await Small.insert(Small.booking("bk-monday", on: "2026-06-08"), into: store)
        try await body(BookingService(store: store, clock: FixedClock(instant: Small.now)))
      }
    }

    func availability(_ service: BookingService, suggest: Bool) async throws
      -> [BookingService.DayAvailability]
    {
      try await service.availability(
        journey: Small.journeyID, from: monday, through: wednesday,
        group: GroupProfile(headcount: 20, language: "fr"), suggest: suggest)
    }

    @Test(arguments: StoreBackend.allCases)
    func onlyInfeasibleDatesComeWithAlternatives(_ backend: StoreBackend) async throws {
      try await withService(backend) { service in
        let days = try await availability(service, suggest: true)
        #expect(days.map(\.date) == [monday, tuesday, wednesday])
        #expect(days.map { $0.programme.isFeasible } == [false, false, true])
        #expect(days[0].programme.violations.map(\.code) == [.siteDailyLimit])
        #expect(days[1].programme.violations.map(\.code) == [.siteClosed])
        #expect(days[2].alternatives.isEmpty, "a feasible date needs no alternative")
        #expect(days[0].alternatives.count == 3)
        #expect(days[1].alternatives.count == 3)
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func alternativeDatesAreFeasibleNearestFirstAndSkipTakenDays(_ backend: StoreBackend)
      async throws
    {
      try await withService(backend) { service in
        let days = try await availability(service, suggest: true)
        // Monday is taken: Sunday 7 (Tuesday 9 is closed), then Saturday 6 and Wednesday 10.
        #expect(
          days[0].alternatives.map(\.date)
            == ["2026-06-07", "2026-06-06", "2026-06-10"].map { LocalDate($0)! })
        // Tuesday is closed: Wednesday 10 (Monday 8 is taken), then Sunday 7 and Thursday 11.
        #expect(
          days[1].alternatives.map(\.date)
            == ["2026-06-10", "2026-06-07", "2026-06-11"].map { LocalDate($0)! })
        for alternative in days[0].alternatives + days[1].alternatives {
          #expect(alternative.kind == .otherDate)
          #expect(alternative.groups.count == 1)
          #expect(alternative.groups.allSatisfy { $0.programme.isFeasible && $0.headcount == 20 })
        }
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func withoutSuggestionsNoDateHasAlternatives(_ backend: StoreBackend) async throws {
      try await withService(backend) { service in
        let days = try await availability(service, suggest: false)
        #expect(days.map { $0.programme.isFeasible } == [false, false, true])
        #expect(days.allSatisfy { $0.alternatives.isEmpty })
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func alternativesAreNeverInThePast(_ backend: StoreBackend) async throws {
      // Now is Monday 4 May 2026. Tuesday 5 May is closed; the 14 days of reach stop at today.
      try await withService(backend) { service in
        let day = LocalDate("2026-05-05")!
        let days = try await service.availability(
          journey: Small.journeyID, from: day, through: day,
          group: GroupProfile(headcount: 20, language: "fr"), suggest: true)
        #expect(days.count == 1)
        #expect(days[0].programme.violations.map(\.code) == [.siteClosed])
        #expect(
          days[0].alternatives.map(\.date)
            == ["2026-05-04", "2026-05-06", "2026-05-07"].map { LocalDate($0)! })
      }
    }
  }
}
