import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

/// Holds on PostgreSQL are decided outside any transaction from the weeks a process remembers,
/// and written only if no week changed since (migration 8). These check that what another
/// process, or a hand in psql, changes is always seen before a decision is written, and that the
/// locked path taken after repeated conflicts keeps the same guarantees.
@Suite("PostgresBookingStore: holds decided from remembered weeks")
struct PostgresHoldTests {
  let june10 = LocalDate("2026-06-10")!
  /// One group a day: the site has exactly one place on each date.
  static let onePlace = Small.catalogue(
    capacity: .init(maxGroupSize: 40, simultaneousGroups: 1, groupsPerDay: 1))

  func request(on date: LocalDate) -> BookingService.HoldRequest {
    BookingService.HoldRequest(journey: Small.journeyID, date: date, group: Small.group())
  }

  /// Two stores on one database, standing for two API processes, the first opened with
  /// `holdAttempts`, and the database's URL.
  func withTwoProcesses(
    holdAttempts: Int = 5,
    _ body: (PostgresBookingStore, PostgresBookingStore, String) async throws -> Void
  ) async throws {
    try await withPostgresDatabase { url in
      let first = try await PostgresBookingStore.open(
        url: url, holdAttempts: holdAttempts, logger: testLogger)
      try await using(first) { first throws in
        let second = try await PostgresBookingStore.open(url: url, logger: testLogger)
        try await using(second) { second throws in try await body(first, second, url) }
      }
    }
  }

  /// Whether `service` is refused the one place of `date`.
  func isRefused(_ service: BookingService, on date: LocalDate) async throws -> Bool {
    do {
      _ = try await service.hold(request(on: date))
      return false
    } catch BookingError.refused(let violations) {
      #expect(!Set(violations.map(\.code)).isDisjoint(with: [.siteCapacity, .siteDailyLimit]))
      return true
    }
  }

  @Test func aProcessSeesTheHoldsAndCancellationsOfAnotherBeforeDeciding() async throws {
    try await withTwoProcesses { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let clock = FixedClock(instant: Small.now)
      let one = BookingService(store: first, clock: clock)
      let other = BookingService(store: second, clock: clock)
      // The first process remembers the week with its own hold in it...
      let held = try await one.hold(request(on: june10))
      #expect(try await isRefused(one, on: june10))
      // ...the second sees that hold, and frees the place...
      #expect(try await isRefused(other, on: june10))
      _ = try await other.cancel(held.id)
      // ...and the first, though it remembers the week, sees the place free again.
      let again = try await one.hold(request(on: june10))
      #expect(try await isRefused(other, on: june10))
      #expect(try await isRefused(one, on: june10))
      let active = try await first.ledger(june10...june10, at: Small.now).entries.map(\.booking)
      #expect(active == [again.id])
    }
  }

  @Test func aProcessRememberingAWeekSeesTheHoldAnotherWroteInIt() async throws {
    try await withTwoProcesses { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let clock = FixedClock(instant: Small.now)
      let one = BookingService(store: first, clock: clock)
      let other = BookingService(store: second, clock: clock)
      let june11 = june10.adding(days: 1)
      // Both processes remember the week as it is after a hold on June 11...
      _ = try await one.hold(request(on: june11))
      #expect(try await isRefused(other, on: june11))
      // ...then the first writes a hold on June 10 into it (its week moves, with no trigger:
      // `write_hold` moves it itself)...
      _ = try await one.hold(request(on: june10))
      // ...and the second, deciding from the week it remembers, is refused at the write and
      // decides again from the week as it is.
      #expect(try await isRefused(other, on: june10))
      let active = try await first.ledger(june10...june11, at: Small.now).entries.map(\.booking)
      #expect(active.count == 2)
    }
  }

  /// Two processes, the first of which has read the reference data with a hold on June 10,
  /// and a booking service on it.
  func withReferenceDataRemembered(
    _ body: (PostgresBookingStore, PostgresBookingStore, BookingService) async throws -> Void
  ) async throws {
    try await withTwoProcesses { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let one = BookingService(store: first, clock: FixedClock(instant: Small.now))
      _ = try await one.hold(request(on: june10))
      try await body(first, second, one)
    }
  }

  @Test func aHoldDecidedFromReferenceDataAnotherProcessChangedIsDecidedAgainFromTheNewOnes()
    async throws
  {
    try await withReferenceDataRemembered { first, second, one in
      // The second process closes the site on the 11th...
      let june11 = june10.adding(days: 1)
      var closed = Self.onePlace
      closed.sites[0].openingHours.closures.append(.init(date: june11, reason: "travaux"))
      _ = try await second.publish(closed, at: Small.now)
      // ...and the first, whose remembered catalogue has it open, is refused at the write,
      // then decides again from the catalogue as it is.
      do {
        _ = try await one.hold(request(on: june11))
        Issue.record("a hold on a closed day was written")
      } catch BookingError.refused(let violations) {
        #expect(violations.map(\.code) == [.siteClosed])
      }
      #expect(try await first.bookings(BookingQuery()).count == 1)
    }
  }

  @Test func aRefusalFromReferenceDataAnotherProcessChangedIsDecidedAgainFromTheNewOnes()
    async throws
  {
    try await withReferenceDataRemembered { _, second, one in
      // The second process publishes a journey the first has never seen...
      var added = Self.onePlace
      var journey = added.journeys[0]
      journey.id = "la-base-en-soiree"
      added.journeys.append(journey)
      _ = try await second.publish(added, at: Small.now)
      // ...which the first finds unknown in its memory, and known once it reads again.
      var request = request(on: june10.adding(days: 1))
      request.journey = journey.id
      let held = try await one.hold(request)
      #expect(held.journey == journey.id)
    }
  }

  @Test func aRefusalForWantOfRoomAfterAnotherProcessAddedRoomIsDecidedAgainFromTheNewOnes()
    async throws
  {
    try await withReferenceDataRemembered { first, second, one in
      // The first process remembers the site full on June 10 (its own hold)...
      #expect(try await isRefused(one, on: june10))
      // ...then the second publishes a second place a day, the weeks untouched...
      let twoPlaces = Small.catalogue(
        capacity: .init(maxGroupSize: 40, simultaneousGroups: 2, groupsPerDay: 2))
      _ = try await second.publish(twoPlaces, at: Small.now)
      // ...and the first, refused from what it remembers, checks both before refusing, finds
      // the catalogue moved, and decides again from the new one.
      let held = try await one.hold(request(on: june10))
      #expect(held.date == june10)
      #expect(try await first.ledger(june10...june10, at: Small.now).entries.count == 2)
    }
  }

  @Test func aChangeMadeByHandInTheDatabaseIsSeenByTheNextHold() async throws {
    try await withTwoProcesses { first, _, url in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let service = BookingService(store: first, clock: FixedClock(instant: Small.now))
      let held = try await service.hold(request(on: june10))
      #expect(try await isRefused(service, on: june10))
      // An operator frees the place in psql, past the store, changing only the booking's
      // state: the week's version moves all the same (triggers), so the remembered week is
      // read again.
      try Self.psql(
        url, "UPDATE bookings SET state = 'cancelled', expires_at = NULL WHERE id = '\(held.id)'")
      _ = try await service.hold(request(on: june10))
      #expect(try await isRefused(service, on: june10))
    }
  }

  @Test func aVisitWrittenWithoutMovingItsWeekIsReadWhenTheDatabaseRefusesTheOverlap()
    async throws
  {
    try await withTwoProcesses { first, _, url in
      // One guided visit a day, which only Camille can lead.
      try await Small.prepare(first, catalogue: StoreConformance.WeekEdges.catalogue())
      try await first.save(StoreConformance.WeekEdges.camille)
      let service = BookingService(store: first, clock: FixedClock(instant: Small.now))
      _ = try await service.hold(request(on: june10))
      // Past the triggers, so that the week's version does not move: Camille leads another
      // group on the 11th at the time the journey starts.
      try Self.psql(
        url,
        """
        SET session_replication_role = replica;
        INSERT INTO bookings (id, journey_id, journey_version, date, organisation_id, state,
          created_at, headcount, body)
        VALUES ('bk-by-hand', '\(Small.journeyID)', 1, '2026-06-11', 'demo', 'confirmed',
          now(), 10, '{}');
        INSERT INTO visits (booking_id, position, site_id, guide_id, kind, guided, starts_at,
          ends_at, live)
        VALUES ('bk-by-hand', 0, '\(Small.baseID)', 'guide-camille', 'visit', true,
          '2026-06-11 09:00+02', '2026-06-11 10:00+02', true);
        """)
      // The decision from the remembered week gives Camille that hour; the database refuses
      // the overlap, and the week, read whole, explains the refusal.
      do {
        _ = try await service.hold(request(on: june10.adding(days: 1)))
        Issue.record("Camille was given two groups at once")
      } catch BookingError.refused(let violations) {
        #expect(violations.map(\.code) == [.guideNoneAvailable])
      }
    }
  }

  @Test(arguments: [0, 1])
  func holdsDecidedUnderLocksAfterConflictsStillLetOneGroupThrough(holdAttempts: Int)
    async throws
  {
    try await withTwoProcesses(holdAttempts: holdAttempts) { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let clock = FixedClock(instant: Small.now)
      let services = [first, second].map { BookingService(store: $0, clock: clock) }
      let outcomes = await withTaskGroup(of: Bool.self) { group in
        for attempt in 0..<20 {
          let service = services[attempt % 2]
          let request = request(on: june10)
          group.addTask { (try? await service.hold(request)) != nil }
        }
        return await group.reduce(into: [Bool]()) { $0.append($1) }
      }
      #expect(outcomes.filter { $0 }.count == 1)
      #expect(try await first.bookings(BookingQuery()).count == 1)
      // An idempotent retry on the locked path replays the first answer.
      let key = IdempotencyKey(scope: "demo", key: "retry-1", request: "hold june 11")
      let june11 = june10.adding(days: 1)
      let made = try await services[0].hold(request(on: june11), idempotency: key)
      let replayed = try await services[0].hold(request(on: june11), idempotency: key)
      #expect(replayed.id == made.id)
      #expect(try await first.bookings(BookingQuery()).count == 2)
    }
  }

  @Test func aRetryWithTheSameKeyInAnotherProcessReplaysTheFirstHold() async throws {
    try await withTwoProcesses { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let clock = FixedClock(instant: Small.now)
      let key = IdempotencyKey(scope: "demo", key: "retry-2", request: "hold june 10")
      let made = try await BookingService(store: first, clock: clock)
        .hold(request(on: june10), idempotency: key)
      let replayed = try await BookingService(store: second, clock: clock)
        .hold(request(on: june10), idempotency: key)
      #expect(replayed.id == made.id)
      let other = IdempotencyKey(scope: "demo", key: "retry-2", request: "something else")
      await #expect(throws: BookingError.idempotencyKeyReused("retry-2")) {
        try await BookingService(store: second, clock: clock)
          .hold(request(on: june10.adding(days: 1)), idempotency: other)
      }
    }
  }

  @Test func aConfirmationAfterAnotherProcessCancelledTheHoldIsRefused() async throws {
    try await withTwoProcesses { first, second, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let clock = FixedClock(instant: Small.now)
      let one = BookingService(store: first, clock: clock)
      // The first process remembers the hold it wrote; the second cancels it.
      let held = try await one.hold(request(on: june10))
      let cancelled = try await BookingService(store: second, clock: clock).cancel(held.id)
      await #expect(
        throws: BookingError.transition(.notAllowed(held.id, from: "cancelled", to: "confirmed"))
      ) {
        try await one.confirm(held.id)
      }
      #expect(try await first.booking(held.id) == cancelled)
      // A booking it remembers and nobody else changed is confirmed at the revision it wrote.
      let again = try await one.hold(request(on: june10))
      let confirmed = try await one.confirm(again.id)
      #expect(try await second.booking(again.id) == confirmed)
      #expect(confirmed.revision == 1)
    }
  }

  @Test func aRememberedWeekIsReadAgainOnceOneOfItsHoldsLapsed() async throws {
    try await withTwoProcesses { first, _, _ in
      try await Small.prepare(first)
      let expiry = Small.now.addingTimeInterval(3_600)
      // The store remembers the week with its own hold in it...
      _ = try await first.insertBooking(ledger: june10...june10, at: Small.now) { _ in
        Small.guided("bk-held", state: .held(expiresAt: expiry))
      }
      // ...and once the hold has lapsed, decides from the week read again, the hold released:
      // its guide's time is free (else the database would refuse the overlap).
      let taken = try await first.insertBooking(
        ledger: june10...june10, at: expiry.addingTimeInterval(60)
      ) { ledger in
        #expect(ledger.entries.isEmpty)
        return Small.guided("bk-new")
      }
      #expect(taken.id == "bk-new")
    }
  }

  @Test func twoTriesOfOneRequestInOneProcessForTheLastPlaceGetOneBooking() async throws {
    try await withTwoProcesses { first, _, _ in
      try await Small.prepare(first, catalogue: Self.onePlace)
      let service = BookingService(store: first, clock: FixedClock(instant: Small.now))
      let key = IdempotencyKey(scope: "demo", key: "twice", request: "hold june 10")
      let request = request(on: june10)
      async let one = service.hold(request, idempotency: key)
      async let other = service.hold(request, idempotency: key)
      let (made, again) = try await (one, other)
      #expect(made.id == again.id)
      #expect(try await first.bookings(BookingQuery()).map(\.id) == [made.id])
    }
  }

  /// Runs `command` with psql on `url`, as an operator would.
  static func psql(_ url: String, _ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", command]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "psql failed: \(command)")
  }
}
