import Foundation
import Journeys
import JourneysStore
import OpenAPIRuntime

/// The HTTP operations of `openapi.yaml`: each decodes its input, calls the booking service
/// and encodes the answer. Errors are thrown and turned into problem details by
/// `ProblemMiddleware`, the one place where errors meet HTTP.
struct JourneysAPI: APIProtocol {
  let service: BookingService
  let metrics: ServiceMetrics
  /// Caps the assemblies searching at once (seconds of search each).
  let assemblies: SearchSlots

  var store: any BookingStore { service.store }

  func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
    .ok(.init(body: .json(.init(status: "ok"))))
  }

  func getReadiness(_ input: Operations.GetReadiness.Input) async throws
    -> Operations.GetReadiness.Output
  {
    // Within two seconds: an orchestrator polls readiness to route traffic away from a
    // process whose database does not answer, and would otherwise wait a minute to learn it.
    let store = store
    guard
      case .success(let catalogue) = await Deadline.run(seconds: 2, { try await store.catalogue() }),
      !catalogue.journeys.isEmpty
    else { throw NotReady() }
    // A hold stuck for minutes inside the store (a call a lost connection never answers) keeps
    // the other holds of its weeks waiting: a restart is what frees them.
    if let stalled = (store as? any StoreHealth)?.stalledSince,
      Date().timeIntervalSince(stalled) > Self.stalledLimit
    {
      throw NotReady()
    }
    return .ok(.init(body: .json(.init(status: "ready"))))
  }

  /// Seconds a store operation may hold its weeks before the process is not ready.
  static let stalledLimit = 60.0

  func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws
    -> Operations.GetOpenAPIDocument.Output
  {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
      throw NotFound(kind: .document, id: "openapi.yaml")
    }
    return .ok(.init(body: .yaml(HTTPBody(try Data(contentsOf: url)))))
  }

  func listSites(_ input: Operations.ListSites.Input) async throws -> Operations.ListSites.Output {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let (sites, next) = try Paging.page(
      try await store.catalogue().sites, key: \.id.rawValue, limit: input.query.limit,
      cursor: input.query.cursor)
    let body = Components.Schemas.SiteList(
      nextCursor: next, sites: sites.map { CatalogueViews.summary($0, language) })
    let (tag, notModified) = try EntityTag.check(body, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
  }

  func getSite(_ input: Operations.GetSite.Input) async throws -> Operations.GetSite.Output {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    guard let site = try await store.catalogue().site(Site.ID(input.path.id)) else {
      throw NotFound(kind: .site, id: input.path.id)
    }
    let body = CatalogueViews.site(site, language)
    let (tag, notModified) = try EntityTag.check(body, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
  }

  func listJourneys(_ input: Operations.ListJourneys.Input) async throws
    -> Operations.ListJourneys.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let (journeys, next) = try Paging.page(
      try await store.catalogue().journeys, key: \.id.rawValue, limit: input.query.limit,
      cursor: input.query.cursor)
    let body = Components.Schemas.JourneyList(
      nextCursor: next, journeys: journeys.map { CatalogueViews.summary($0, language) })
    let (tag, notModified) = try EntityTag.check(body, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
  }

  func getJourney(_ input: Operations.GetJourney.Input) async throws
    -> Operations.GetJourney.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let catalogue = try await store.catalogue()
    let id = Journey.ID(input.path.id)
    // An assembled day is unlisted but read like any journey: its id is what the assembly
    // returned, and availability and holds already take it.
    let found = id.isCustom ? try await store.journey(id, version: nil) : catalogue.journey(id)
    guard let journey = found else { throw NotFound(kind: .journey, id: input.path.id) }
    let sites = Dictionary(uniqueKeysWithValues: catalogue.sites.map { ($0.id, $0) })
    let body = CatalogueViews.journey(journey, sites: sites, language)
    let (tag, notModified) = try EntityTag.check(body, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
  }

  /// The views of bookings and programmes, with the names they show.
  func views(_ language: Language) async throws -> BookingViews {
    let sites = try await store.catalogue().sites
    let guides = try await store.guides()
    return BookingViews(
      sites: Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) }),
      guides: Dictionary(uniqueKeysWithValues: guides.map { ($0.id, $0) }),
      language: language, civil: service.civil)
  }
}

/// A resource named in the path that does not exist.
struct NotFound: Error {
  enum Kind: String {
    case site, journey, booking, document, calendar
  }
  let kind: Kind
  let id: String
}

/// The store does not answer, or nothing is published yet.
struct NotReady: Error {}

/// A request that is well-formed JSON but not a valid request.
struct InvalidRequest: Error {
  let field: String
  let message: LocalizedText
}

/// A change that must name the version it was decided from (`If-Match`), and did not (428).
struct PreconditionRequired: Error {
  /// The booking to change.
  let booking: String
}

/// `If-Match` with weak entity tags only, which never match.
struct WeakEntityTag: Error {
  let booking: String
}

/// A booking's entity tag: its id and revision, so that `If-Match` catches any change.
enum BookingETag {
  static func value(_ id: Booking.ID, _ revision: Int) -> String { "\"\(id)-r\(revision)\"" }

  static func of(_ booking: Booking) -> String { value(booking.id, booking.revision ?? 0) }

  /// The revisions an `If-Match` header names for the booking `id` (any of them will do, as
  /// RFC 9110 asks); nil for `*` or no header. Tags of another booking, or not ours, name
  /// none: the change then fails. Weak tags never match `If-Match` (RFC 9110 §13.1.1): a
  /// header of only weak tags is refused saying so, since a proxy that compresses answers
  /// may have weakened the tag the client read.
  static func revisions(ifMatch header: String?, for id: Booking.ID) throws -> Set<Int>? {
    guard let header, header.trimmingCharacters(in: .whitespaces) != "*" else { return nil }
    let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    // Not a tag at all (unquoted, say) is a malformed request, not a booking changed since.
    let quoted = tags.allSatisfy { tag in
      let opaque = tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag)
      return opaque.count >= 2 && opaque.hasPrefix("\"") && opaque.hasSuffix("\"")
    }
    guard !tags.isEmpty, quoted else {
      throw InvalidRequest(
        field: "If-Match",
        message: .init(
          fr:
            "« \(header) » n'est pas une liste d'ETag : envoyez l'ETag tel que lu, guillemets compris.",
          en: "“\(header)” is not a list of ETags: send the ETag as read, quotes included."))
    }
    if tags.allSatisfy({ $0.hasPrefix("W/") }) {
      throw WeakEntityTag(booking: id.rawValue)
    }
    let prefix = "\"\(id)-r"
    return Set(
      header.split(separator: ",").compactMap { part -> Int? in
        let tag = part.trimmingCharacters(in: .whitespaces)
        guard tag.hasPrefix(prefix), tag.hasSuffix("\"") else { return nil }
        return Int(tag.dropFirst(prefix.count).dropLast())
      })
  }
}
