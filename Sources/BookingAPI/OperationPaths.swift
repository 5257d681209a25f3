import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// The API's addresses and the methods each takes, recorded while the operations are registered
/// on the router, so that a request to a known address with a method it does not take answers
/// 405 with `Allow` (RFC 9110 §15.5.6) instead of pretending the address does not exist.
final class OperationPaths: Sendable {
  /// Per registered path: its segments (nil for a parameter) and its methods.
  private let paths = Mutex<[(segments: [String?], methods: [HTTPRequest.Method])]>([])

  /// Registers the operations on `router`, recording their addresses here.
  func registering(on router: Router<JourneysRequestContext>) -> some ServerTransport {
    Registration(router: router, paths: self)
  }

  private struct Registration: ServerTransport {
    let router: Router<JourneysRequestContext>
    let paths: OperationPaths

    func register(
      _ handler:
        @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
          HTTPResponse, HTTPBody?
        ),
      method: HTTPRequest.Method, path: String
    ) throws {
      router.register(handler, method: method, path: path)
      paths.record(method, path)
    }
  }

  private func record(_ method: HTTPRequest.Method, _ path: String) {
    let segments = Self.segments(path).map { segment -> String? in
      segment.hasPrefix("{") || segment.hasPrefix(":") ? nil : segment
    }
    // The router answers HEAD wherever it answers GET.
    let methods = method == .get ? [method, .head] : [method]
    paths.withLock { paths in
      if let index = paths.firstIndex(where: { $0.segments == segments }) {
        paths[index].methods += methods
      } else {
        paths.append((segments, methods))
      }
    }
  }

  /// The methods the API takes at `path`, in the order registered; empty for an unknown address.
  /// Like the router, a literal segment wins over a parameter (`/v1/journeys/assemble` is not
  /// `/v1/journeys/{id}`).
  func methods(at path: String) -> [HTTPRequest.Method] {
    let asked = Self.segments(path)
    return paths.withLock { paths in
      let matching = paths.filter { entry in
        entry.segments.count == asked.count
          && zip(entry.segments, asked).allSatisfy { pattern, segment in
            pattern == nil || pattern == segment
          }
      }
      // Parameters as 0 and literals as 1: the greatest sequence is the router's match.
      let routed = matching.max { a, b in
        a.segments.map { $0 == nil ? 0 : 1 }.lexicographicallyPrecedes(
          b.segments.map { $0 == nil ? 0 : 1 })
      }
      return routed?.methods ?? []
    }
  }

  private static func segments(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }
}

/// A known address asked with a method it does not take.
struct MethodNotAllowed: Error {
  let method: HTTPRequest.Method
  let allowed: [HTTPRequest.Method]
}
