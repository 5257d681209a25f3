import Foundation
import Hummingbird
import Journeys
import Logging
import OpenAPIRuntime

/// Turns every error thrown below it — by a handler, the OpenAPI runtime or the router — into an
/// `application/problem+json` response in the request's language, and logs server errors.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
  let civil: CivilTime
  /// The API's addresses, to tell a method the address does not take from an unknown address.
  var operations: OperationPaths? = nil

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    do {
      return try await next(request, context)
    } catch {
      let lang = request.uri.queryParameters.get("lang").flatMap {
        Components.Schemas.TextLanguage(rawValue: $0)
      }
      let language = TextLanguage.resolve(
        query: lang, acceptLanguage: request.headers[.acceptLanguage])
      var error = error
      // The router's 404 (handlers' errors come wrapped by the OpenAPI runtime).
      if let unrouted = error as? any HTTPResponseError, unrouted.status == .notFound,
        let allowed = operations?.methods(at: request.uri.path), !allowed.isEmpty
      {
        error = MethodNotAllowed(method: request.method, allowed: allowed)
      }
      let problem = Problem.from(error, language: language, civil: civil)
      if problem.status.code >= 500 {
        // Unavailable (searches busy, store not ready) is the service protecting itself or
        // waiting for its store, not a fault to page anyone about.
        let level: Logger.Level = problem.status == .serviceUnavailable ? .warning : .error
        // Said plainly: the pool's own words (a circuit breaker tripped) do not name the cause.
        let outage = problem.body._type == "/problems/store-unavailable"
        context.logger.log(
          level: level, outage ? "request failed: the database does not answer" : "request failed",
          metadata: ["path": "\(request.uri.path)", "error": "\(Problem.logged(error))"])
      }
      var headers = problem.headers
      headers[.contentType] = "application/problem+json"
      return Response(
        status: problem.status, headers: headers,
        body: .init(byteBuffer: ByteBuffer(bytes: problem.encoded())))
    }
  }
}

extension Problem {
  /// What the log says of an error. The OpenAPI runtime's errors describe the whole request,
  /// bearer token included, so only their operation and cause are kept: tokens are shown once,
  /// when issued, and stored only as hashes.
  static func logged(_ error: any Error) -> String {
    guard let error = error as? ServerError else { return String(reflecting: error) }
    return "\(error.operationID): \(error.causeDescription): \(logged(error.underlyingError))"
  }
}
