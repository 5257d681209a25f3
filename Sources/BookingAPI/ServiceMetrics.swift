import Foundation
import Journeys
import Prometheus

/// The service's Prometheus metrics, served at `GET /metrics`: one registry per application,
/// so that tests each get their own.
final class ServiceMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()
  static let latencyBuckets: [Duration] = [
    .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    .seconds(5), .seconds(10),
  ]

  /// Counts a request by its route template (never the raw path: ids would explode the series).
  func request(method: String, route: String, status: Int, duration: Duration) {
    registry.makeCounter(
      name: "http_requests_total",
      labels: [("method", method), ("route", route), ("status", "\(status)")],
      help: "HTTP requests answered, by route template and status."
    ).increment()
    registry.makeDurationHistogram(
      name: "http_request_duration_seconds", labels: [("method", method), ("route", route)],
      buckets: Self.latencyBuckets, help: "Time to answer HTTP requests."
    ).record(duration)
  }

  /// Counts a run of a planner (`assembly`, `guide_replan`, `guide_repair`).
  func plannerRun(_ planner: String, seconds: Double) {
    registry.makeCounter(
      name: "planner_runs_total", labels: [("planner", planner)], help: "Planner runs."
    ).increment()
    registry.makeDurationHistogram(
      name: "planner_run_duration_seconds", labels: [("planner", planner)],
      buckets: Self.latencyBuckets, help: "Time planners ran."
    ).record(.milliseconds(Int64(seconds * 1000)))
  }

  /// The exposition text, with the bookings by state counted from the store now.
  func exposition(store: any BookingStore) async throws -> String {
    let counts = try await store.bookingCountsByState()
    for state in ["held", "confirmed", "cancelled", "expired"] {
      registry.makeGauge(
        name: "bookings", labels: [("state", state)], help: "Bookings in the store, by state."
      ).set(Double(counts[state] ?? 0))
    }
    return registry.emitToString()
  }
}
