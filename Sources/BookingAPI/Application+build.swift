import Foundation
import Hummingbird
import Journeys
import JourneysStore
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The router with every operation of `openapi.yaml`: request ids, logs and metrics
/// outermost, then `Vary: Accept-Language` and `Cache-Control` for private answers, then errors as problem details (405 for a method an
/// address does not take), then the body's size limit, then authentication, then the handlers.
func buildRouter(
  service: BookingService, metrics: ServiceMetrics = ServiceMetrics(),
  failures: FailedAuthentications = FailedAuthentications(),
  assemblies: SearchSlots = SearchSlots()
) throws -> Router<JourneysRequestContext> {
  // HEAD wherever GET is, as HTTP asks (RFC 9110 §9.3.2).
  let router = Router(context: JourneysRequestContext.self, options: .autoGenerateHeadEndpoints)
  // Middleware applies only to routes added after it: add it first.
  router.add(middleware: RequestLog(metrics: metrics))
  router.add(middleware: LanguageVary())
  router.add(middleware: PrivateAnswers())
  let operations = OperationPaths()
  router.add(middleware: ProblemMiddleware(civil: service.civil, operations: operations))
  router.add(middleware: BodyLimit())
  router.add(middleware: Authentication(store: service.store, failures: failures))
  try JourneysAPI(service: service, metrics: metrics, assemblies: assemblies).registerHandlers(
    on: operations.registering(on: router), configuration: .init(jsonEncodingOptions: [.sortedKeys])
  )
  return router
}

/// The whole application: the HTTP server over `service`, plus the hold-expiry sweep and the
/// guides' re-planning.
func buildApplication(
  service: BookingService, settings: ServiceSettings, logger: Logger
) throws -> some ApplicationProtocol {
  let metrics = ServiceMetrics()
  var app = Application(
    router: try buildRouter(
      service: service, metrics: metrics,
      failures: FailedAuthentications(limit: settings.authFailuresPerMinute)),
    configuration: .init(
      address: .hostname(settings.host, port: settings.port), serverName: "booking-api"),
    onServerRunning: { channel in
      logger.notice(
        "booking-api listening on http://\(settings.host):\(channel.localAddress?.port ?? settings.port)"
      )
    },
    logger: logger)
  app.addServices(
    HoldExpirySweep(service: service, interval: .seconds(60), logger: logger),
    GuidePlanSweep(
      service: service, interval: .seconds(15 * 60), weeks: 12, metrics: metrics, logger: logger),
    WebhookDispatch(store: service.store, interval: .seconds(5), logger: logger))
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
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          let count = try await AuditTrail.$actor.withValue("system:hold-expiry") {
            try await service.store.expireHolds(at: service.clock.now())
          }
          if count > 0 { logger.info("expired \(count) lapsed hold(s)") }
        } catch {
          logger.error("hold expiry sweep failed: \(String(reflecting: error))")
        }
        try? await Task.sleep(for: interval)
      }
    }
  }
}

/// Re-plans the guides of the coming weeks every `interval`, one week at a time under that
/// week's booking locks: holds staff their visits as they arrive, and this is what makes the
/// plan independent of the order they arrived in (the fewest guides, fair hours, one guide per
/// group, accepted visits kept).
struct GuidePlanSweep: Service {
  let service: BookingService
  let interval: Duration
  let weeks: Int
  let metrics: ServiceMetrics
  let logger: Logger

  func run() async throws {
    // One process of those sharing the store re-plans in each round; the others would only
    // compute the same plan again (it is deterministic) and find nothing to change.
    let holder = UUID().uuidString
    await cancelWhenGracefulShutdown {
      // Not at start: a fleet of processes restarting together would all re-plan at once.
      try? await Task.sleep(for: interval)
      while !Task.isCancelled {
        let claimed: Bool
        do {
          claimed = try await service.store.claimJob(
            "guide-plan", holder: holder, at: service.clock.now(),
            for: interval / .seconds(1) * 2)
        } catch {
          logger.error("guide re-planning: the job lease failed: \(String(reflecting: error))")
          claimed = false
        }
        guard claimed else {
          try? await Task.sleep(for: interval)
          continue
        }
        let today = service.civil.civil(service.clock.now()).date
        var monday = today.adding(days: -today.weekday.ordinal)
        for _ in 0..<weeks where !Task.isCancelled {
          do {
            let started = ContinuousClock.now
            let plan = try await AuditTrail.$actor.withValue("system:guide-plan") {
              try await service.replanGuides(
                monday...monday.adding(days: 6), optimise: true, seconds: 1)
            }
            metrics.plannerRun(
              "guide_replan", seconds: (ContinuousClock.now - started) / .seconds(1))
            if !plan.changes.isEmpty {
              logger.info(
                "re-planned the guides of the week of \(monday): \(plan.changes.count) change(s), \(plan.guidesUsed) guide(s)"
              )
            }
          } catch {
            logger.error("guide re-planning of \(monday) failed: \(String(reflecting: error))")
          }
          monday = monday.adding(days: 7)
        }
        try? await Task.sleep(for: interval)
      }
    }
    // Stopping: the lease ends now, so that another process takes the next round over.
    _ = try? await service.store.claimJob(
      "guide-plan", holder: holder, at: service.clock.now(), for: 0)
  }
}
