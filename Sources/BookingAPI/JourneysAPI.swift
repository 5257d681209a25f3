import Foundation
import Journeys
import OpenAPIRuntime

/// The HTTP operations of `openapi.yaml`: each decodes its input, calls the booking service
/// and encodes the answer. Errors are thrown and turned into problem details by
/// `ProblemMiddleware`, the one place where errors meet HTTP.
struct JourneysAPI: APIProtocol {
  let service: BookingService

  var store: any BookingStore { service.store }

  func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
    .ok(.init(body: .json(.init(status: "ok"))))
  }

  func getReadiness(_ input: Operations.GetReadiness.Input) async throws
    -> Operations.GetReadiness.Output
  {
    guard let catalogue = try? await store.catalogue(), !catalogue.journeys.isEmpty else {
      throw NotReady()
    }
    return .ok(.init(body: .json(.init(status: "ready"))))
  }

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
    let sites = try await store.catalogue().sites
    return .ok(.init(body: .json(.init(sites: sites.map { CatalogueViews.summary($0, language) }))))
  }

  func getSite(_ input: Operations.GetSite.Input) async throws -> Operations.GetSite.Output {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    guard let site = try await store.catalogue().site(Site.ID(input.path.id)) else {
      throw NotFound(kind: .site, id: input.path.id)
    }
    return .ok(.init(body: .json(CatalogueViews.site(site, language))))
  }

  func listJourneys(_ input: Operations.ListJourneys.Input) async throws
    -> Operations.ListJourneys.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let journeys = try await store.catalogue().journeys
    return .ok(
      .init(body: .json(.init(journeys: journeys.map { CatalogueViews.summary($0, language) }))))
  }

  func getJourney(_ input: Operations.GetJourney.Input) async throws
    -> Operations.GetJourney.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let catalogue = try await store.catalogue()
    guard let journey = catalogue.journey(Journey.ID(input.path.id)) else {
      throw NotFound(kind: .journey, id: input.path.id)
    }
    let sites = Dictionary(uniqueKeysWithValues: catalogue.sites.map { ($0.id, $0) })
    return .ok(.init(body: .json(CatalogueViews.journey(journey, sites: sites, language))))
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
    case site, journey, booking, document
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
