import Foundation
import Hummingbird
import Journeys
import JourneysStore
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The router with every operation of `openapi.yaml`, errors as problem details.
func buildRouter(service: BookingService) throws -> Router<BasicRequestContext> {
  let router = Router(context: BasicRequestContext.self)
  // Middleware applies only to routes added after it: add it first.
  router.add(middleware: ProblemMiddleware(civil: service.civil))
  try JourneysAPI(service: service).registerHandlers(
    on: router, configuration: .init(jsonEncodingOptions: [.sortedKeys]))
  return router
}

/// The whole application: the HTTP server over `service`, plus the hold-expiry sweep.
func buildApplication(
  service: BookingService, settings: ServiceSettings, logger: Logger
) throws -> some ApplicationProtocol {
  var app = Application(
    router: try buildRouter(service: service),
    configuration: .init(
      address: .hostname(settings.host, port: settings.port), serverName: "booking-api"),
    onServerRunning: { channel in
      logger.notice(
        "booking-api listening on http://\(settings.host):\(channel.localAddress?.port ?? settings.port)"
      )
    },
    logger: logger)
  app.addServices(HoldExpirySweep(service: service, interval: .seconds(60), logger: logger))
  return app
}

/// Writes `expired` on lapsed holds every `interval`.
///
/// Capacity does not wait for it — a lapsed hold stops counting the moment it lapses — but the
/// stored state then matches what clients and the admin read.
struct HoldExpirySweep: Service {
  let service: BookingService
  let interval: Duration
  let logger: Logger

  func run() async throws {
    // Stop at once on SIGTERM rather than at the end of the current sleep.
    try await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          let count = try await service.store.expireHolds(at: service.clock.now())
          if count > 0 { logger.info("expired \(count) lapsed hold(s)") }
        } catch {
          logger.error("hold expiry sweep failed: \(String(reflecting: error))")
        }
        try? await Task.sleep(for: interval)
      }
    }
  }
}
