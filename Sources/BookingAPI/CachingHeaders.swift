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

/// Keeps answers that belong to one caller out of shared caches: any answer to a request with
/// a token (bookings, contacts, schedules, webhooks) and calendar feeds, whose secret is in
/// their address. `no-cache` still lets the caller's own client revalidate with the ETag.
struct PrivateAnswers<Context: RequestContext>: RouterMiddleware {
  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response = try await next(request, context)
    if request.headers[.authorization] != nil || request.uri.path.hasSuffix(".ics") {
      response.headers[.cacheControl] = "private, no-cache"
    }
    return response
  }
}
