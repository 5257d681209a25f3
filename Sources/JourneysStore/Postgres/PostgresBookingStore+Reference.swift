import Foundation
import Journeys
import PostgresNIO

extension PostgresBookingStore {
  public func catalogue() async throws -> Catalogue { try await referenceData().catalogue }

  public func guides() async throws -> [Guide] { try await referenceData().guides }

  public func organisations() async throws -> [Organisation] {
    try await referenceData().organisations
  }

  /// The catalogue, guides and organisations from memory while `reference_version` has not
  /// moved: one small query instead of decoding every site and guide on every request.
  public func referenceData() async throws -> ReferenceData { try await currentReference().data }

  /// The reference data as they are now, with their `reference_version`.
  func currentReference() async throws -> (version: Int64, data: ReferenceData) {
    let current = try await referenceWitness.witness(
      { try await client.withConnection { db in try await referenceVersion(db) } },
      found: { $0 })
    if let cached = referenceCache.withLock({ $0 }), cached.version == current {
      return cached
    }
    return try await reloadReference()
  }

  /// The reference data this process read last, unchecked (read now if it never did): for a
  /// hold, whose write `write_hold` refuses when they are not current.
  func rememberedReference() async throws -> (version: Int64, data: ReferenceData) {
    if let cached = referenceCache.withLock({ $0 }) { return cached }
    return try await reloadReference()
  }

  private func reloadReference() async throws -> (version: Int64, data: ReferenceData) {
    let fresh = try await readReferenceData()
    referenceCache.withLock { cache in
      // Two requests may reload at once; keep the newer.
      if cache == nil || cache!.version < fresh.version { cache = fresh }
    }
    return fresh
  }

  /// Reads everything in one snapshot, with the version it belongs to.
  private func readReferenceData() async throws -> (version: Int64, data: ReferenceData) {
    try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { db in
      let version = try await referenceVersion(db)
      let sites = try await bodies(Site.self, "SELECT body::text FROM sites ORDER BY id", on: db)
      let journeys = try await bodies(
        Journey.self, "SELECT body::text FROM journeys WHERE listed ORDER BY id", on: db)
      let guides = try await bodies(Guide.self, "SELECT body::text FROM guides ORDER BY id", on: db)
      let organisations = try await bodies(
        Organisation.self, "SELECT body::text FROM organisations ORDER BY id", on: db)
      let data = ReferenceData(
        catalogue: Catalogue(sites: sites, journeys: journeys), guides: guides,
        organisations: organisations)
      return (version, data)
    }
  }

  private func referenceVersion(_ db: PostgresConnection) async throws -> Int64 {
    for try await version in try await db.execute(ReferenceVersionQuery(), logger: logger) {
      return version
    }
    throw StoreError.corrupt("reference_version has no row")
  }
}

/// The reference version, prepared once per connection: every refusal of a hold and every
/// other read of the reference data asks for it.
struct ReferenceVersionQuery: PostgresPreparedStatement {
  typealias Row = Int64

  static let sql = "SELECT version FROM reference_version"

  func makeBindings() -> PostgresBindings { PostgresBindings() }

  func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// The reference version and the versions of some weeks (0 for a week never written, as
/// `ledger_changes` says), read at one instant: what a refusal decided from remembered weeks
/// needs to know to be final, in one small statement prepared once per connection.
struct RefusalCheckQuery: PostgresPreparedStatement {
  typealias Row = (reference: Int64, weeks: [Int64])

  static let sql = """
    SELECT (SELECT r.version FROM reference_version r),
           array_agg(coalesce(w.version, 0) ORDER BY m.position)
    FROM unnest($1::date[]) WITH ORDINALITY AS m (monday, position)
    LEFT JOIN ledger_weeks w ON w.monday = m.monday
    """

  let mondays: [LocalDate]

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings()
    bindings.append(mondays.map(\.description))
    return bindings
  }

  func decodeRow(_ row: PostgresRow) throws -> Row {
    let (reference, weeks) = try row.decode((Int64, [Int64]).self)
    return (reference, weeks)
  }
}
