import Foundation

/// Where bookings, guides, organisations and the published catalogue are kept.
///
/// Implementations (SQLite, PostgreSQL) must make each write atomic and durable once it returns,
/// and must run `insertBooking` so that the booking it stores was decided from the ledger as it
/// stands when it is written: that is what keeps two groups from taking the last place.
public protocol BookingStore: Sendable {
  /// The sites and the currently offered journey versions; empty before the first publication.
  func catalogue() async throws -> Catalogue

  /// Publishes `catalogue` in one transaction: replaces the sites, adds new journey versions and
  /// withdraws journeys no longer listed, and records it in the audit log
  /// (`catalogue.published`). Throws `PublicationError` and writes nothing when a published
  /// version would change; with `dryRun`, returns the plan and writes nothing either.
  func publish(_ catalogue: Catalogue, at now: Date, dryRun: Bool) async throws -> PublicationPlan

  /// A journey at a given version (offered or not), or its current version when `version` is
  /// nil: the listed one, or for a custom journey its saved one.
  func journey(_ id: Journey.ID, version: Int?) async throws -> Journey?

  /// Saves a journey assembled for one group (its id has `Journey.ID.customPrefix`), unlisted,
  /// so that it can be held and booked like a catalogue journey. Saving the same journey again
  /// does nothing; custom ids name their content, so one id never gets two bodies.
  func saveCustomJourney(_ journey: Journey, at now: Date) async throws

  /// The catalogue, the guides and the organisations, read together.
  func referenceData() async throws -> ReferenceData

  /// Every guide, active or not, by id.
  func guides() async throws -> [Guide]

  /// Adds a guide or replaces the guide with the same id.
  func save(_ guide: Guide) async throws

  /// Atomically reads a guide, calls `change` with it and stores the result, so that two
  /// changes made at once (two absences, a new calendar token) both stay. Nil when there is no
  /// such guide.
  func updateGuide(_ id: Guide.ID, _ change: @Sendable (Guide) throws -> Guide) async throws
    -> Guide?

  /// Every organisation, by id.
  func organisations() async throws -> [Organisation]

  /// Adds an organisation or replaces the one with the same id.
  func save(_ organisation: Organisation) async throws

  /// A booking as last written (callers settle lapsed holds with `Booking.settled(at:)`).
  func booking(_ id: Booking.ID) async throws -> Booking?

  /// Bookings matching `query`, by date then creation time.
  func bookings(_ query: BookingQuery) async throws -> [Booking]

  /// The visits of bookings active at `now` with a date in `dates`.
  func ledger(_ dates: ClosedRange<LocalDate>, at now: Date) async throws -> Ledger

  /// Reads the ledger of `dates` at `now`, calls `decide` with it and stores the booking it
  /// returns, atomically: if the ledger changed before the write, nothing is written and
  /// `decide` is called again with the new ledger (so it must be a pure decision). An error
  /// thrown by `decide` is rethrown and nothing is written.
  ///
  /// With an idempotency key already recorded for the same request, returns the booking
  /// recorded with it without deciding again; for another request, throws
  /// `BookingError.idempotencyKeyReused`. A new key is recorded in the same transaction as the
  /// booking, so that a retried request never books twice.
  ///
  /// `decide` is given the reference data too (catalogue, guides, organisations), which the
  /// store may take from memory as long as it writes only a booking decided from the current
  /// ones, and makes a refusal final only once they are known current.
  func insertBooking(
    ledger dates: ClosedRange<LocalDate>, at now: Date, idempotency: IdempotencyKey?,
    _ decide: @Sendable (ReferenceData, Ledger) throws -> Booking
  ) async throws -> Booking

  /// Atomically reads a booking, calls `change` with it and stores the result, its `revision`
  /// one more when it changed. Returns nil when there is no such booking. Throws
  /// `BookingError.transition(.holdExpired)` when `change` keeps a hold that another writer
  /// already released as lapsed (a clock behind theirs).
  func updateBooking(_ id: Booking.ID, _ change: @Sendable (Booking) throws -> Booking)
    async throws -> Booking?

  /// Atomically reads the bookings of `dates` active at `now`, under the same locks as
  /// `insertBooking` (no booking of those dates is written meanwhile, by any process), calls
  /// `change` with them and stores the bookings it returns as changed, each one's `revision`
  /// one more. For re-planning the guides of a horizon as one consistent change.
  func updateBookings<T: Sendable>(
    in dates: ClosedRange<LocalDate>, at now: Date,
    _ change: @Sendable ([Booking]) throws -> (changed: [Booking], result: T)
  ) async throws -> T

  /// How many bookings are in each state (`held`, `confirmed`, …) as last written.
  func bookingCountsByState() async throws -> [String: Int]

  /// Writes `expired` on every hold that lapsed before `now`; returns how many.
  func expireHolds(at now: Date) async throws -> Int

  /// Claims the periodic job `name` for `holder` until `now + duration`: true when no other
  /// holder's claim runs at `now` (the holder's own is renewed). Several processes sharing a
  /// store run such a job one at a time.
  func claimJob(_ name: String, holder: String, at now: Date, for duration: TimeInterval)
    async throws -> Bool

  // MARK: Identities, audit, webhooks

  /// Adds a token or replaces the one with the same id (to revoke it).
  func save(_ token: AccessToken) async throws

  /// Every token, revoked ones included, oldest first.
  func tokens() async throws -> [AccessToken]

  /// The token whose secret hashes to `secretHash`, revoked or not.
  func token(secretHash: String) async throws -> AccessToken?

  /// Entries of the audit log, oldest first: about `subject` only when given, after the
  /// entry numbered `after`, at most `limit`. Every write of a booking, guide, organisation or
  /// token records one entry in its own transaction, with `AuditTrail.actor` as the actor.
  func auditLog(subject: String?, after: Int?, limit: Int) async throws -> [AuditEntry]

  /// Pending deliveries due at `now`, at most `limit`, claimed for `lease` seconds: another
  /// process asking meanwhile does not get them. They come back as claimed, their
  /// `nextAttemptAt` the end of the lease.
  func claimWebhookDeliveries(at now: Date, limit: Int, lease: TimeInterval) async throws
    -> [WebhookDelivery]

  /// Stores the outcome of an attempt at a delivery claimed until `leasedUntil`, only if it is
  /// still pending under that claim (a process whose lease ran out and was taken over writes
  /// nothing). Returns whether it was written.
  func recordAttempt(_ delivery: WebhookDelivery, leasedUntil: Date) async throws -> Bool

  /// Deliveries, newest first: of `organisation` only when given, at most `limit`. A booking
  /// change an organisation's webhook hears of is queued in the change's own transaction.
  func webhookDeliveries(organisation: Organisation.ID?, limit: Int) async throws
    -> [WebhookDelivery]
}

/// A client's key for a request it may send again (the `Idempotency-Key` header).
public struct IdempotencyKey: Hashable, Sendable {
  /// What the key is for, such as the operation and the organisation: keys of different
  /// clients never collide.
  public var scope: String
  /// The key the client chose.
  public var key: String
  /// The request as first sent, in a canonical form: the same key with another request is an
  /// error, not a replay.
  public var request: String

  public init(scope: String, key: String, request: String) {
    self.scope = scope
    self.key = key
    self.request = request
  }
}

/// Which bookings to list.
public struct BookingQuery: Hashable, Sendable {
  /// Bookings dated in this range; any date when nil.
  public var dates: ClosedRange<LocalDate>?
  public var organisation: Organisation.ID?

  public init(dates: ClosedRange<LocalDate>?, organisation: Organisation.ID? = nil) {
    self.dates = dates
    self.organisation = organisation
  }

  /// The bookings of one date (any when nil).
  public init(date: LocalDate? = nil, organisation: Organisation.ID? = nil) {
    self.init(dates: date.map { $0...$0 }, organisation: organisation)
  }
}

/// The time now, injected so that tests control it.
public protocol WallClock: Sendable {
  func now() -> Date
}

/// The system clock.
public struct SystemClock: WallClock {
  public init() {}
  public func now() -> Date { Date() }
}

/// New booking identifiers, injected so that tests get predictable ones.
public protocol BookingIdentifiers: Sendable {
  func next() -> Booking.ID
}

/// Random identifiers (`bk-` and 20 lowercase base-32 characters, 100 bits).
public struct RandomBookingIdentifiers: BookingIdentifiers {
  public init() {}
  public func next() -> Booking.ID { Booking.ID("bk-" + Self.text(20)) }

  /// `count` random characters of lowercase base 32 without look-alikes (0/o, 1/l): for ids
  /// and secrets read aloud or typed, 5 bits each.
  public static func text(_ count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    // Twelve characters from each 64-bit draw: each draw is a system call.
    var bits: UInt64 = 0
    var left = 0
    let bytes = (0..<count).map { _ in
      if left == 0 { (bits, left) = (generator.next(), 12) }
      defer { (bits, left) = (bits >> 5, left - 1) }
      return alphabet[Int(bits & 31)]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)
}

extension BookingStore {
  /// Publishes `catalogue` (`publish(_:at:dryRun:)`, for real).
  public func publish(_ catalogue: Catalogue, at now: Date) async throws -> PublicationPlan {
    try await publish(catalogue, at: now, dryRun: false)
  }
}
