import Hummingbird
import NIOCore

/// Refuses a request body over `limit` bytes with 413, before anything decodes it: every body of
/// the API is a small JSON document, and an unbounded one would hold memory and a thread for as
/// long as a client cares to send it (a 37 MB list of sites to exclude took 37 s to refuse
/// nothing).
struct BodyLimit<Context: RequestContext>: RouterMiddleware {
  /// One mebibyte: the largest real body (an assembly with every site named) is a few KB.
  var limit = 1 << 20

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
      throw RequestTooLarge(limit: limit)
    }
    var request = request
    do {
      _ = try await request.collectBody(upTo: limit)
    } catch is NIOTooManyBytesError {
      throw RequestTooLarge(limit: limit)
    }
    return try await next(request, context)
  }
}

/// A request body larger than the service reads.
struct RequestTooLarge: Error {
  let limit: Int
}
