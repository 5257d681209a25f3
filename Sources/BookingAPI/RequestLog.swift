import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: gives every request an id (the client's `X-Request-Id` when it
/// is sensible, else a new one), puts it in every log line written for the request and in the
/// response, logs one structured line per request, and counts it in the metrics.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
  let metrics: ServiceMetrics

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let started = ContinuousClock.now
    let id = Self.requestID(request.headers[.requestID])
    var context = context
    context.logger[metadataKey: "request_id"] = "\(id)"
    var response = try await next(request, context)
    response.headers[.requestID] = id
    // Workaround (2026-11-27, swift-openapi-runtime 1.13): generated code percent-encodes
    // header values as if they were URI parts, so the quotes RFC 9110 requires around an
    // entity tag would leave as %22, and a Location's slashes as %2F. Neither ever contains a
    // legitimate % (booking ids are letters and digits).
    for name in [HTTPField.Name.eTag, .location] {
      if let value = response.headers[name], value.contains("%") {
        response.headers[name] = value.removingPercentEncoding ?? value
      }
    }
    // A request no route takes (404, 405) has Hummingbird's "NotFound" for a path: counted
    // as unmatched, not as a route of the API.
    let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
    let duration = ContinuousClock.now - started
    metrics.request(
      method: request.method.rawValue, route: route, status: response.status.code,
      duration: duration)
    context.logger.info(
      "request",
      metadata: [
        "method": "\(request.method.rawValue)", "route": "\(route)",
        "status": "\(response.status.code)",
        "ms": "\(duration / .milliseconds(1))",
      ])
    return response
  }

  /// The client's id if it is 1 to 128 visible ASCII characters, else a new random one.
  static func requestID(_ offered: String?) -> String {
    if let offered, (1...128).contains(offered.count),
      offered.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline })
    {
      return offered
    }
    return UUID().uuidString.lowercased()
  }
}

extension HTTPField.Name {
  static let requestID = Self("X-Request-Id")!
}
