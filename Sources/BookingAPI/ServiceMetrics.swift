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
      descriptor: .init(
        metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests answered, by route template and status."),
      labels: [("method", method), ("route", route), ("status", "\(status)")]
    ).increment()
    registry.makeDurationHistogram(
      descriptor: .init(
        metricName: "http_request_duration", unitName: "seconds",
        helpText: "Time to answer HTTP requests."),
      labels: [("method", method), ("route", route)], buckets: Self.latencyBuckets
    ).record(duration)
  }

  /// Counts a run of a planner (`assembly`, `guide_replan`, `guide_repair`).
  func plannerRun(_ planner: String, seconds: Double) {
    registry.makeCounter(
      descriptor: .init(metricName: "planner_runs", unitName: "total", helpText: "Planner runs."),
      labels: [("planner", planner)]
    ).increment()
    registry.makeDurationHistogram(
      descriptor: .init(
        metricName: "planner_run_duration", unitName: "seconds", helpText: "Time planners ran."),
      labels: [("planner", planner)], buckets: Self.latencyBuckets
    ).record(.milliseconds(Int64(seconds * 1000)))
  }

  /// The exposition text, with the bookings by state counted from the store now. The count
  /// waits a second at most: when the store does not answer, the HTTP figures are still served
  /// (monitoring must see an outage), `store_up` says 0 and the counts are those last read.
  func exposition(store: any BookingStore) async throws -> String {
    let counted = await Deadline.run(seconds: 1) { try await store.bookingCountsByState() }
    let up = registry.makeGauge(
      descriptor: .init(
        metricName: "store_up", unitName: "",
        helpText: "1 when the store answered the last scrape within a second, else 0."))
    guard case .success(let counts) = counted else {
      up.set(Double(0))
      return registry.emitToString()
    }
    up.set(Double(1))
    for state in ["held", "confirmed", "cancelled", "expired"] {
      registry.makeGauge(
        descriptor: .init(
          metricName: "bookings", unitName: "", helpText: "Bookings in the store, by state."),
        labels: [("state", state)]
      ).set(Double(counts[state] ?? 0))
    }
    return registry.emitToString()
  }
}
