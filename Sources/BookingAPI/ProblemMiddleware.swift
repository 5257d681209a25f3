import Foundation
import Hummingbird
import Journeys

/// Turns every error thrown below it — by a handler, the OpenAPI runtime or the router — into an
/// `application/problem+json` response in the request's language, and logs server errors.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
  let civil: CivilTime

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
      let problem = Problem.from(error, language: language, civil: civil)
      if problem.status.code >= 500 {
        context.logger.error(
          "request failed",
          metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
      }
      var headers = problem.headers
      headers[.contentType] = "application/problem+json"
      return Response(
        status: problem.status, headers: headers,
        body: .init(byteBuffer: ByteBuffer(bytes: problem.encoded())))
    }
  }
}
