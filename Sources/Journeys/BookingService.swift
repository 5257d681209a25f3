import Foundation

/// The booking use cases, shared by the HTTP API and the admin CLI.
///
/// It reads through the store, decides with the pure rules, and writes through the store's
/// atomic operations; it holds no state of its own.
public struct BookingService: Sendable {
  public let store: any BookingStore
  public let clock: any WallClock
  public let identifiers: any BookingIdentifiers
  /// How long a hold keeps its places before it lapses.
  public let holdDuration: TimeInterval
  public let travel: TravelTimes
  public let civil: CivilTime
  /// The longest date range one availability request may cover.
  public static let maximumAvailabilityDays = 92

  public init(
    store: any BookingStore, clock: any WallClock = SystemClock(),
    identifiers: any BookingIdentifiers = RandomBookingIdentifiers(),
    holdDuration: TimeInterval = 48 * 3600, travel: TravelTimes = .init(),
    civil: CivilTime = .paris
  ) {
    self.store = store
    self.clock = clock
    self.identifiers = identifiers
    self.holdDuration = holdDuration
    self.travel = travel
    self.civil = civil
  }

  /// One date of an availability answer.
  public struct DayAvailability: Hashable, Sendable {
    public var date: LocalDate
    public var programme: Programme
    /// For an infeasible date when suggestions were asked for: what would work instead.
    public var alternatives: [Alternative] = []
  }

  /// How many days around the requested window alternative dates are looked for.
  public static let suggestionReachDays = 14

  /// The programme, or the violations, of `journey` on every date from `from` through `to`.
  public func availability(
    journey id: Journey.ID, from: LocalDate, through to: LocalDate, group: GroupProfile,
    startTime: LocalTime? = nil, suggest: Bool = false
  ) async throws -> [DayAvailability] {
    guard from <= to else {
      throw BookingError.invalidRequest(
        .init(
          fr: "La date de fin précède la date de début.",
          en: "The end date is before the start date."))
    }
    guard from.distance(to: to) < Self.maximumAvailabilityDays else {
      throw BookingError.invalidRequest(
        .init(
          fr: "Une demande couvre au plus \(Self.maximumAvailabilityDays) jours.",
          en: "A request covers at most \(Self.maximumAvailabilityDays) days."))
    }
    let reference = try await store.referenceData()
    guard var journey = try await offered(id, in: reference) else {
      throw BookingError.unknownJourney(id)
    }
    if let startTime { journey = try Self.starting(journey, at: startTime) }
    let now = clock.now()
    let today = civil.civil(now).date
    let reach = suggest ? Self.suggestionReachDays : 0
    let (lower, upper) = (max(today, from.adding(days: -reach)), to.adding(days: reach))
    let candidates = lower <= upper ? Array(lower...upper) : []
    let ledger = try await store.ledger(
      Self.weeks(around: min(from, lower)...max(to, upper)), at: now)
    let context = BookingContext(
      sites: reference.sites, guides: reference.guides, ledger: ledger, travel: travel,
      civil: civil, now: now)
    // Off the concurrency pool: months of dates with alternatives are seconds of planning, and
    // a few such requests at once on the pool's threads (as many as cores) held every other
    // request, holds and health checks included, for as long.
    let journeyToPlan = journey
    return try await offThePool {
      (from...to).map { date in
        let programme = JourneyScheduler.schedule(journeyToPlan, on: date, for: group, in: context)
        guard suggest, !programme.isFeasible else {
          return DayAvailability(date: date, programme: programme)
        }
        let alternatives = AlternativeFinder.alternatives(
          to: journeyToPlan, on: date, for: group, in: context, otherDates: candidates)
        return DayAvailability(date: date, programme: programme, alternatives: alternatives)
      }
    }
  }

  /// What a group asks to hold.
  public struct HoldRequest: Hashable, Sendable {
    public var journey: Journey.ID
    public var date: LocalDate
    public var group: Group
    /// Another start of the day than the journey's, such as an alternative proposed.
    public var startTime: LocalTime?

    public init(journey: Journey.ID, date: LocalDate, group: Group, startTime: LocalTime? = nil) {
      self.journey = journey
      self.date = date
      self.group = group
      self.startTime = startTime
    }
  }

  /// Holds places for a group, or throws `BookingError.refused` with every violation.
  ///
  /// With an idempotency key, a retry of the same request returns the booking made the first
  /// time instead of booking again.
  public func hold(_ request: HoldRequest, idempotency: IdempotencyKey? = nil) async throws
    -> Booking
  {
    // A custom journey is not reference data: its id names its content, so it is read once.
    let custom =
      request.journey.isCustom ? try await store.journey(request.journey, version: nil) : nil
    let now = clock.now()
    let id = identifiers.next()
    let (travel, civil, holdDuration) = (self.travel, self.civil, self.holdDuration)
    let profile = GroupProfile(
      headcount: request.group.headcount, language: request.group.language,
      needs: request.group.needs)
    return try await store.insertBooking(
      ledger: Self.weeks(around: request.date...request.date), at: now, idempotency: idempotency
    ) {
      reference, ledger in
      guard let published = reference.catalogue.journey(request.journey) ?? custom else {
        throw BookingError.unknownJourney(request.journey)
      }
      let journey = try request.startTime.map { try Self.starting(published, at: $0) } ?? published
      guard reference.organisations.contains(where: { $0.id == request.group.organisation })
      else {
        throw BookingError.unknownOrganisation(request.group.organisation)
      }
      let context = BookingContext(
        sites: reference.sites, guides: reference.guides, ledger: ledger,
        travel: travel, civil: civil, now: now)
      let programme = JourneyScheduler.schedule(
        journey, on: request.date, for: profile, in: context, staffing: .planner)
      guard programme.isFeasible else { throw BookingError.refused(programme.violations) }
      var booking = Booking(
        id: id, journey: journey.id, journeyVersion: journey.version, date: request.date,
        group: request.group, state: .held(expiresAt: now.addingTimeInterval(holdDuration)),
        visits: programme.visits, createdAt: now)
      booking.startTime = request.startTime
      return booking
    }
  }

  /// Confirms a live hold; with `revisions`, only if the booking is still at one of them.
  ///
  /// A hold the published catalogue now contradicts (a closure added on its day, a site
  /// withdrawn, hours that no longer cover a visit, a group now too large, a capacity reduced
  /// below the groups already confirmed, the journey withdrawn) is refused with why:
  /// confirming it would promise a visit that cannot take place
  /// (`CatalogueImpact.confirmationConflicts`).
  public func confirm(_ id: Booking.ID, ifRevision revisions: Set<Int>? = nil) async throws
    -> Booking
  {
    let current = try await booking(id)
    if case .held = current.state {
      let catalogue = try await store.catalogue()
      let now = clock.now()
      let confirmed = try await store.bookings(BookingQuery(date: current.date)).filter {
        if case .confirmed = $0.settled(at: now).state { return true }
        return false
      }
      let contradicted = CatalogueImpact.confirmationConflicts(
        current, confirmed: confirmed, catalogue: catalogue,
        withdrawn: try await withdrawnJourney(of: current, catalogue: catalogue), civil: civil)
      guard contradicted.isEmpty else { throw BookingError.refused(contradicted) }
    }
    return try await change(id, ifRevision: revisions) {
      booking, now throws(BookingTransitionError) in
      try booking.confirmed(at: now)
    }
  }

  /// The journey `booking` holds when `catalogue` no longer offers it (a journey assembled for
  /// the group always is), as it was published, for its title; nil while it is on offer.
  func withdrawnJourney(of booking: Booking, catalogue: Catalogue) async throws -> Journey? {
    guard !catalogue.offers(booking.journey) else { return nil }
    return try await store.journey(booking.journey, version: booking.journeyVersion)
  }

  /// Cancels a hold or a confirmed booking, releasing its places and guides.
  public func cancel(_ id: Booking.ID, ifRevision revisions: Set<Int>? = nil) async throws
    -> Booking
  {
    try await change(id, ifRevision: revisions) { booking, now throws(BookingTransitionError) in
      try booking.cancelled(at: now)
    }
  }

  /// A booking as it stands now.
  public func booking(_ id: Booking.ID) async throws -> Booking {
    guard let booking = try await store.booking(id) else { throw BookingError.unknownBooking(id) }
    return booking.settled(at: clock.now())
  }

  /// Bookings matching `query`, as they stand now.
  public func bookings(_ query: BookingQuery = .init()) async throws -> [Booking] {
    let now = clock.now()
    return try await store.bookings(query).map { $0.settled(at: now) }
  }

  private func change(
    _ id: Booking.ID, ifRevision revisions: Set<Int>?,
    _ transition: @escaping @Sendable (Booking, Date) throws(BookingTransitionError) -> Booking
  ) async throws -> Booking {
    let clock = clock
    let updated = try await store.updateBooking(id) { booking in
      // Read when deciding, not before: the store may wait for its lock first, and a hold
      // taken meanwhile by a later clock may already have counted this one as lapsed.
      let now = clock.now()
      let next: Booking
      do throws(BookingTransitionError) {
        next = try transition(booking, now)
      } catch {
        throw BookingError.transition(error)
      }
      // A transition already made (a confirmation or cancellation retried after its answer
      // was lost) changes nothing: it is answered as done, whatever revision the caller read.
      if next != booking { try Self.check(booking, isAt: revisions) }
      return next
    }
    guard let updated else { throw BookingError.unknownBooking(id) }
    return updated
  }

  /// A journey one may book: listed in the catalogue, or assembled for a group and saved.
  private func offered(_ id: Journey.ID, in reference: ReferenceData) async throws -> Journey? {
    if let listed = reference.catalogue.journey(id) { return listed }
    return id.isCustom ? try await store.journey(id, version: nil) : nil
  }

  /// The journey starting at `time` instead of its usual start, within its day window.
  static func starting(_ journey: Journey, at time: LocalTime) throws -> Journey {
    guard time < journey.day.end else {
      throw BookingError.invalidRequest(
        .init(
          fr: "Le départ demandé (\(time)) est après la fin de journée (\(journey.day.end)).",
          en: "The requested start (\(time)) is after the end of the day (\(journey.day.end))."))
    }
    var shifted = journey
    shifted.day.start = time
    return shifted
  }

  /// The whole weeks (Monday to Sunday) around `dates`, whose ledger the weekly hour limits
  /// need, and the day either side, which the rest between days needs: a Monday's rest depends
  /// on the Sunday before, in the previous week (whose lock the store then takes too).
  static func weeks(around dates: ClosedRange<LocalDate>) -> ClosedRange<LocalDate> {
    let monday = dates.lowerBound.adding(days: -dates.lowerBound.weekday.index)
    let sunday = dates.upperBound.adding(days: 6 - dates.upperBound.weekday.index)
    return min(
      monday, dates.lowerBound.adding(days: -1))...max(
        sunday, dates.upperBound.adding(days: 1))
  }
}

/// Why a booking use case failed.
public enum BookingError: Error, Hashable, Sendable {
  case unknownJourney(Journey.ID)
  case unknownBooking(Booking.ID)
  case unknownOrganisation(Organisation.ID)
  /// The request cannot be booked; every violation found.
  case refused([Violation])
  case transition(BookingTransitionError)
  case invalidRequest(LocalizedText)
  /// The idempotency key was already used for another request.
  case idempotencyKeyReused(String)
  case unknownGuide(Guide.ID)
  /// No guided visit has this assignment id.
  case unknownAssignment(String)
  /// The visit has no guide to accept or decline it now (or its booking is no longer active).
  case notAssigned(String)
  /// The booking changed since the client read it (its revision is now `current`).
  case revisionMismatch(Booking.ID, current: Int)
  /// The journey's deadline for changes passed at `deadline`.
  case changeDeadlinePassed(Booking.ID, deadline: Date)
}

extension BookingError: CustomStringConvertible {
  /// The error in English, for logs and the admin CLI.
  public var description: String {
    switch self {
    case .unknownJourney(let id): "no journey \(id) is offered"
    case .unknownBooking(let id): "no booking \(id)"
    case .unknownOrganisation(let id): "the organisation \(id) is not registered"
    case .refused(let violations):
      "cannot be booked:\n"
        + violations.map { "  [\($0.code)] \($0.message.en)" }.joined(separator: "\n")
    case .transition(.holdExpired(let id, let at)):
      "the hold \(id) expired at \(CivilTime.paris.iso8601(at))"
    case .transition(.notAllowed(let id, let from, let to)):
      "booking \(id) is \(from) and cannot become \(to)"
    case .invalidRequest(let message): message.en
    case .idempotencyKeyReused(let key): "the idempotency key \(key) was used for another request"
    case .unknownGuide(let id): "no guide \(id)"
    case .unknownAssignment(let id): "no assignment \(id)"
    case .notAssigned(let id): "the assignment \(id) is not, or no longer, this guide's to answer"
    case .revisionMismatch(let id, let current):
      "booking \(id) changed meanwhile (it is at revision \(current))"
    case .changeDeadlinePassed(let id, let deadline):
      "booking \(id) can no longer change: the deadline was \(CivilTime.paris.iso8601(deadline))"
    }
  }
}
