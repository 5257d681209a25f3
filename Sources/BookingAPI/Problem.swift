import Foundation
import HTTPTypes
import Hummingbird
import Journeys
import JourneysStore
import OpenAPIRuntime

/// RFC 9457 problem details: the only place where an error becomes an HTTP status and body.
struct Problem {
  var status: HTTPResponse.Status
  var body: Components.Schemas.Problem
  /// Headers the status calls for (`WWW-Authenticate`, `Retry-After`).
  var headers: HTTPFields = [:]

  init(
    _ status: HTTPResponse.Status, type: String, title: String, detail: String?,
    violations: [Components.Schemas.Violation]? = nil
  ) {
    self.status = status
    self.body = .init(
      _type: type, title: title, status: status.code, detail: detail, violations: violations)
  }

  /// The query of a request's path, without the "?".
  static func query(_ path: String) -> String? {
    path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) }
  }

  /// The problem for any error a handler or the runtime throws.
  static func from(_ error: any Error, language: Language, civil: CivilTime) -> Problem {
    let en = language == .english
    func text(_ t: LocalizedText) -> String { t.text(in: language) }
    switch error {
    case let error as ServerError:
      // The runtime wraps handler errors; runtime errors of its own (a body that is not valid
      // JSON, a missing parameter) carry their status.
      if !(error.underlyingError is ServerError),
        error.httpStatus == .internalServerError || isDomain(error.underlyingError)
      {
        return from(error.underlyingError, language: language, civil: civil)
      }
      let unsupported = error.httpStatus == .unsupportedMediaType
      return Problem(
        error.httpStatus, type: "/problems/invalid-request",
        title: unsupported
          ? (en ? "Unsupported media type" : "Type de contenu non pris en charge")
          : (en ? "Invalid request" : "Requête invalide"),
        detail: runtimeDetail(error.causeDescription, language: language)
          ?? ContractQuery.mistake(
            operation: error.operationID, query: error.request.path.flatMap(Self.query),
            in: language)
          ?? decodingDetail(
            error, hasBody: [.post, .put, .patch].contains(error.request.method),
            changesBooking: error.request.method == .patch, language: language)
          ?? error.causeDescription)
    case let error as BookingError:
      return booking(error, language: language, civil: civil)
    case let error as AccessError:
      return access(error, language: language)
    case let error as TooManyFailedAuthentications:
      return Problem(
        .tooManyRequests, type: "/problems/too-many-failed-authentications",
        title: en ? "Too many failed authentications" : "Trop d'échecs d'authentification",
        detail: en
          ? "Too many invalid tokens came from this address; try again later."
          : "Trop de jetons invalides depuis cette adresse ; réessayez plus tard."
      ).retrying(after: max(1, Int(error.retryAfter.rounded(.up))))
    case let error as WeakEntityTag:
      return Problem(
        .preconditionFailed, type: "/problems/booking-changed",
        title: en ? "Weak entity tag" : "Étiquette faible",
        detail: en
          ? "If-Match compares strong tags only: send the booking \(error.booking)'s ETag as read, without W/ (a proxy that compresses answers may have added it)."
          : "If-Match ne compare que des étiquettes fortes : envoyez l'ETag de la réservation \(error.booking) tel que lu, sans W/ (un proxy qui compresse les réponses a pu l'ajouter)."
      )
    case let error as PreconditionRequired:
      return Problem(
        .init(code: 428), type: "/problems/precondition-required",
        title: en ? "Precondition required" : "Précondition requise",
        detail: en
          ? "Send If-Match with the booking's ETag (as read) to change the booking \(error.booking)."
          : "Envoyez If-Match avec l'ETag de la réservation (tel que lu) pour modifier la réservation \(error.booking)."
      )
    case let error as NotFound:
      // French agrees "aucun" with the noun's gender.
      let kinds: [NotFound.Kind: LocalizedText] = [
        .site: .init(fr: "Aucun site", en: "site"),
        .journey: .init(fr: "Aucun parcours", en: "journey"),
        .booking: .init(fr: "Aucune réservation", en: "booking"),
      ]
      if error.kind == .calendar {
        // Which of the guide and the token is wrong is not said: it would tell who has a feed.
        return Problem.notFound(
          en
            ? "No calendar at this address: the guide or the feed token is wrong (a new token from `journeys-admin guides token` replaces the old one)."
            : "Aucun calendrier à cette adresse : le guide ou le jeton du flux est erroné (un nouveau jeton, de `journeys-admin guides token`, remplace l'ancien).",
          en: en)
      }
      let kind = kinds[error.kind] ?? .init(fr: "Aucune ressource", en: "resource")
      return Problem.notFound(
        en ? "No \(kind.en) “\(error.id)”." : "\(kind.fr) « \(error.id) ».", en: en)
    case is NotReady:
      return Problem(
        .serviceUnavailable, type: "/problems/not-ready",
        title: en ? "Not ready" : "Pas prêt",
        detail: en
          ? "The store does not answer or no catalogue is published yet."
          : "La base ne répond pas ou aucun catalogue n'est encore publié.")
    case let error as SearchesBusy:
      let wait = Int(error.retryAfter)
      return Problem(
        .serviceUnavailable, type: "/problems/searches-busy",
        title: en ? "Too many assemblies at once" : "Trop de programmes en cours",
        detail: en
          ? "Every search is taken and others wait their turn; try again in \(wait) s."
          : "Toutes les recherches sont occupées et d'autres attendent leur tour ; réessayez dans \(wait) s."
      ).retrying(after: wait)
    case let error as RequestTooLarge:
      return Problem(
        .contentTooLarge, type: "/problems/request-too-large",
        title: en ? "Request too large" : "Requête trop volumineuse",
        detail: en
          ? "The body is larger than the \(error.limit / 1024) KiB the service reads."
          : "Le corps dépasse les \(error.limit / 1024) Kio que le service lit.")
    case let error as InvalidRequest:
      // French sets a space before the colon, as every other message does.
      return Problem.invalidRequest(
        "\(error.field)\(en ? ":" : " :") \(text(error.message))", en: en)
    case let error as MethodNotAllowed:
      var problem = Problem(
        .methodNotAllowed, type: "about:blank",
        title: en ? "Method not allowed" : "Méthode non permise",
        detail: en
          ? "This address takes \(error.allowed.map(\.rawValue).joined(separator: ", ")), not \(error.method.rawValue): see /openapi.yaml."
          : "Cette adresse accepte \(error.allowed.map(\.rawValue).joined(separator: ", ")), pas \(error.method.rawValue) : voir /openapi.yaml."
      )
      problem.headers[.allow] = error.allowed.map(\.rawValue).joined(separator: ", ")
      return problem
    case let error as any HTTPResponseError where error.status == .notFound:
      // The router's: no operation at this method and path (about:blank, since it is not one
      // of the API's problems, which is how the contract test tells unrouted paths apart).
      return Problem(
        .notFound, type: "about:blank", title: en ? "Not found" : "Introuvable",
        detail: en
          ? "No operation at this address with this method: see /openapi.yaml."
          : "Aucune opération à cette adresse avec cette méthode : voir /openapi.yaml.")
    case let error as any HTTPResponseError:
      return Problem(
        error.status, type: "about:blank", title: error.status.reasonPhrase, detail: nil)
    case let error as any HTTPResponseConvertible:
      return Problem(
        error.httpStatus, type: "about:blank", title: error.httpStatus.reasonPhrase, detail: nil)
    case let error where StoreOutage.covers(error):
      return Problem(
        .serviceUnavailable, type: "/problems/store-unavailable",
        title: en ? "Database unavailable" : "Base de données indisponible",
        detail: en
          ? "The database does not answer for now. Try again in \(outageRetry) s: a hold sent again with the same Idempotency-Key is never made twice."
          : "La base de données ne répond pas pour l'instant. Réessayez dans \(outageRetry) s : une option renvoyée avec la même Idempotency-Key n'est jamais prise deux fois."
      ).retrying(after: outageRetry)
    default:
      return Problem(
        .internalServerError, type: "/problems/internal",
        title: en ? "Internal error" : "Erreur interne",
        detail: en
          ? "The service could not complete the request; it has been logged."
          : "Le service n'a pas pu traiter la demande ; l'erreur est consignée.")
    }
  }

  /// Seconds a client is told to wait when the database does not answer.
  static let outageRetry = 10

  /// The problem with the seconds to wait before trying again (`Retry-After`).
  func retrying(after seconds: Int) -> Problem {
    var problem = self
    problem.headers[.retryAfter] = "\(seconds)"
    return problem
  }

  /// 404: no such object, or not one the caller may see (the same words either way).
  static func notFound(_ detail: String, en: Bool) -> Problem {
    Problem(
      .notFound, type: "/problems/not-found", title: en ? "Not found" : "Introuvable",
      detail: detail)
  }

  /// 400: a field or parameter is malformed.
  static func invalidRequest(_ detail: String, en: Bool) -> Problem {
    Problem(
      .badRequest, type: "/problems/invalid-request",
      title: en ? "Invalid request" : "Requête invalide", detail: detail)
  }

  static func isDomain(_ error: any Error) -> Bool {
    error is BookingError || error is NotFound || error is InvalidRequest || error is NotReady
      || error is AccessError || error is PreconditionRequired || error is SearchesBusy
      || error is WeakEntityTag
  }

  static func access(_ error: AccessError, language: Language) -> Problem {
    let en = language == .english
    switch error {
    case .unauthenticated:
      var problem = Problem(
        .unauthorized, type: "/problems/unauthenticated",
        title: en ? "Authentication required" : "Authentification requise",
        detail: en
          ? "Send a valid token: Authorization: Bearer <token>."
          : "Envoyez un jeton valide : Authorization: Bearer <jeton>.")
      problem.headers[.wwwAuthenticate] = #"Bearer realm="voyages-apprenants""#
      return problem
    case .forbidden:
      return Problem(
        .forbidden, type: "/problems/forbidden", title: en ? "Forbidden" : "Interdit",
        detail: en
          ? "This token's role may not use this operation."
          : "Le rôle de ce jeton ne permet pas cette opération.")
    case .otherOrganisation(let own):
      return Problem(
        .forbidden, type: "/problems/forbidden", title: en ? "Forbidden" : "Interdit",
        detail: en
          ? "This token acts for the organisation \(own) only: leave organisation out or name \(own)."
          : "Ce jeton n'agit que pour l'organisation \(own) : omettez organisation ou nommez \(own)."
      )
    case .organisationRequired:
      return Problem.invalidRequest(
        en
          ? "organisation: an admin booking for an organisation must name it."
          : "organisation : un administrateur qui réserve pour une organisation doit la nommer.",
        en: en)
    case .guideRequired:
      return Problem.invalidRequest(
        en
          ? "guide: an admin names the guide who answers (?guide=)."
          : "guide : un administrateur nomme le guide qui répond (?guide=).", en: en)
    }
  }

  static func booking(_ error: BookingError, language: Language, civil: CivilTime) -> Problem {
    let en = language == .english
    switch error {
    case .unknownJourney(let id):
      return Problem.notFound(
        en ? "No journey “\(id)” is offered." : "Aucun parcours « \(id) » n'est proposé.", en: en)
    case .unknownBooking(let id):
      return Problem.notFound(
        en ? "No booking “\(id)”." : "Aucune réservation « \(id) ».", en: en)
    case .unknownOrganisation(let id):
      return Problem(
        .unprocessableContent, type: "/problems/unknown-organisation",
        title: en ? "Unknown organisation" : "Organisation inconnue",
        detail: en
          ? "The organisation “\(id)” is not registered."
          : "L'organisation « \(id) » n'est pas enregistrée.")
    case .refused(let violations):
      return Problem(
        .conflict, type: "/problems/not-bookable",
        title: en ? "Cannot be booked" : "Réservation impossible",
        detail: violations.map { $0.message.text(in: language) }.joined(separator: " "),
        violations: violations.map {
          BookingViews.violation($0, language: language, civil: civil)
        })
    case .transition(.holdExpired(let id, let at)):
      return Problem(
        .conflict, type: "/problems/hold-expired",
        title: en ? "Hold expired" : "Option expirée",
        detail: en
          ? "The hold \(id) expired at \(civil.iso8601(at)); its places were released."
          : "L'option \(id) a expiré le \(civil.iso8601(at)) ; ses places ont été libérées.")
    case .transition(.notAllowed(let id, let from, let to)):
      return Problem(
        .conflict, type: "/problems/invalid-transition",
        title: en ? "Not allowed in this state" : "Impossible dans cet état",
        detail: to == "changed"
          ? (en
            ? "The booking \(id) is \(from) and can no longer be changed."
            : "La réservation \(id) est à l'état « \(Booking.State.said(from).fr) » et ne peut plus être modifiée.")
          : (en
            ? "The booking \(id) is \(from) and cannot become \(to)."
            : "La réservation \(id) est à l'état « \(Booking.State.said(from).fr) » et ne peut passer à « \(Booking.State.said(to).fr) ».")
      )
    case .idempotencyKeyReused(let key):
      return Problem(
        .unprocessableContent, type: "/problems/idempotency-key-reused",
        title: en ? "Idempotency key reused" : "Clé d'idempotence déjà utilisée",
        detail: en
          ? "The key “\(key)” was already used for another request."
          : "La clé « \(key) » a déjà servi pour une autre requête.")
    case .unknownGuide(let id):
      return Problem.notFound(
        en ? "No guide “\(id)”." : "Aucun guide « \(id) ».", en: en)
    case .unknownAssignment(let id):
      return Problem.notFound(
        en ? "No assignment “\(id)”." : "Aucune affectation « \(id) ».", en: en)
    case .notAssigned(let id):
      return Problem(
        .conflict, type: "/problems/not-assigned",
        title: en ? "Nothing to answer" : "Rien à répondre",
        detail: en
          ? "The visit \(id) is not, or no longer, this guide's to accept or decline: it is another guide's, has none, or its booking is no longer active."
          : "La visite \(id) n'est pas, ou plus, à ce guide d'accepter ou de refuser : elle est à un autre guide, sans guide, ou sa réservation n'est plus active."
      )
    case .invalidRequest(let message):
      return Problem.invalidRequest(
        message.text(in: language), en: en)
    case .revisionMismatch(let id, let current):
      return Problem(
        .preconditionFailed, type: "/problems/booking-changed",
        title: en ? "Changed meanwhile" : "Modifiée entre-temps",
        detail: en
          ? "The booking \(id) changed since you read it (now \(BookingETag.value(id, current))); read it again."
          : "La réservation \(id) a changé depuis votre lecture (maintenant \(BookingETag.value(id, current))) ; relisez-la."
      )
    case .changeDeadlinePassed(let id, let deadline):
      return Problem(
        .conflict, type: "/problems/change-deadline-passed",
        title: en ? "Too late to change" : "Trop tard pour modifier",
        detail: en
          ? "The booking \(id) could change until \(civil.spoken(deadline).en) (\(civil.iso8601(deadline)))."
          : "La réservation \(id) pouvait être modifiée jusqu'à \(civil.spoken(deadline).fr) (\(civil.iso8601(deadline)))."
      )
    }
  }

  /// The JSON body.
  func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(body)) ?? Data(#"{"title":"Internal error","status":500}"#.utf8)
  }
}
