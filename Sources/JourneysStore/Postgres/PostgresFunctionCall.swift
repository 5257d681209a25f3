import Foundation
import Journeys
import PostgresNIO

/// The arguments of a call to one of the schema's functions, each cast to the type the
/// function declares (PostgreSQL resolves a function by its argument types, and a Swift `Int`
/// binds as `bigint`, a `LocalDate` as text).
struct PostgresFunctionCall {
  private(set) var bindings = PostgresBindings()
  /// The type of each argument added, in order.
  private(set) var types: [String] = []

  mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?, as type: String)
    throws
  {
    try bindings.append(value)
    types.append(type)
  }

  /// `SELECT columns FROM name(...)`.
  func query(_ name: String, columns: String = "*") -> PostgresQuery {
    PostgresQuery(
      unsafeSQL: Self.sql(calling: name, types: types, columns: columns), binds: bindings)
  }

  /// `SELECT columns FROM name($1::type, …)`.
  static func sql(calling name: String, types: [String], columns: String = "*") -> String {
    let arguments = types.enumerated().map { "$\($0.offset + 1)::\($0.element)" }
    return "SELECT \(columns) FROM \(name)(\(arguments.joined(separator: ", ")))"
  }

  /// The types `add(_:body:)` adds.
  static let bookingTypes =
    ["text", "text", "integer", "date", "text", "text", "timestamptz", "timestamptz", "integer"]
    + ["jsonb", "boolean"] + visitTypes
  /// The types `add(visitsOf:)` adds after `holdsTime`.
  static let visitTypes = [
    "integer[]", "text[]", "text[]", "text[]", "boolean[]", "timestamptz[]", "timestamptz[]",
  ]
  /// The types `add(rewriting:body:ifRevision:)` adds.
  static let rewritingTypes = [
    "text", "integer", "text", "timestamptz", "integer", "jsonb", "boolean",
  ]
  /// The types `add(_: ChangeRecord)` adds.
  static let changeTypes = ["timestamptz", "float8"] + Array(repeating: "text", count: 8)

  /// The arguments of `insert_booking` (migration 8): the booking's columns, then its visits
  /// as one array per column.
  mutating func add(_ booking: Booking, body: String) throws {
    try add(booking.id.rawValue, as: "text")
    try add(booking.journey.rawValue, as: "text")
    try add(booking.journeyVersion, as: "integer")
    try add(booking.date.description, as: "date")
    try add(booking.group.organisation.rawValue, as: "text")
    try add(booking.state.name, as: "text")
    try add(booking.expiresAt, as: "timestamptz")
    try add(booking.createdAt, as: "timestamptz")
    try add(booking.group.headcount, as: "integer")
    try add(body, as: "jsonb")
    try add(visitsOf: booking)
  }

  /// The arguments of `insert_visits` after the booking's id: whether the visits hold their
  /// guides' time, then one array per column.
  mutating func add(visitsOf booking: Booking) throws {
    try add(booking.holdsTime, as: "boolean")
    let visits = booking.visits
    try add(visits.indices.map { Int32($0) }, as: "integer[]")
    try add(visits.map(\.site.rawValue), as: "text[]")
    // "" for an unguided visit (arrays of optionals do not bind); the function stores NULL.
    try add(visits.map { $0.guide?.rawValue ?? "" }, as: "text[]")
    try add(visits.map(\.kind.rawValue), as: "text[]")
    try add(visits.map(\.guided), as: "boolean[]")
    try add(visits.map(\.start), as: "timestamptz[]")
    try add(visits.map(\.end), as: "timestamptz[]")
  }

  /// The arguments of `rewrite_booking` (migration 8): the booking's state, written only at
  /// `revision` when one is given.
  mutating func add(rewriting booking: Booking, body: String, ifRevision revision: Int?) throws {
    try add(booking.id.rawValue, as: "text")
    try add(revision, as: "integer")
    try add(booking.state.name, as: "text")
    try add(booking.expiresAt, as: "timestamptz")
    try add(booking.group.headcount, as: "integer")
    try add(body, as: "jsonb")
    try add(booking.holdsTime, as: "boolean")
  }

  /// The arguments of `record_change` (migration 8).
  mutating func add(_ change: ChangeRecord) throws {
    let entry = change.entry
    try add(entry.at, as: "timestamptz")
    try add(entry.at.timeIntervalSince1970, as: "float8")
    try add(entry.actor, as: "text")
    try add(entry.subject, as: "text")
    try add(entry.action, as: "text")
    try add(entry.organisation?.rawValue, as: "text")
    try add(entry.before, as: "text")
    try add(entry.after, as: "text")
    try add(change.event, as: "text")
    try add(change.payload, as: "text")
  }
}
