import Hummingbird

/// Marks every answer as depending on `Accept-Language`: catalogue texts, messages and problems
/// are in the caller's language, so a shared cache must not hand an English answer to a French
/// reader (RFC 9110 §12.5.5).
struct LanguageVary<Context: RequestContext>: RouterMiddleware {
  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response = try await next(request, context)
    response.headers[values: .vary].append("Accept-Language")
    return response
  }
}
