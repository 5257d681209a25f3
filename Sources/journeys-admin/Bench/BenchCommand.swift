import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Logging

struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Benchmarks you can rerun.",
    subcommands: [
      Availability.self, Writes.self, Orienteering.self, Roster.self, Guides.self, Decisions.self,
    ])

  struct Availability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Latency of 31-day availability checks on a season of bookings.",
      discussion: """
        Builds, from a seed, a season on the real catalogue in a temporary SQLite store (every \
        booking scheduled under every rule), then times availability requests of --window days \
        through the booking service and prints the percentiles.
        """)

    @Option(help: "Bookings in the season.") var bookings = 10_000
    @Option(help: "Guides in the season.") var guides = 60
    @Option(help: "Days in each availability request.") var window = 31
    @Option(help: "Requests timed.") var samples = 300
    @Option(help: "Seed of the season and of the requests.") var seed: UInt64 = 1
    @Option(help: "The catalogue directory.") var catalogue = "itineraries"
    @Option(
      help: """
        Factor applied to each site's groups at once and per day: the real catalogue takes \
        about two bookings a day (lunch at Ménadel), far from a 10,000-booking season.
        """)
    var capacityScale = SeasonBuilder.defaultCapacityScale

    func run() async throws {
      var rng = SplitMix64(seed: seed)
      let catalogue = SeasonBuilder.scaled(try CatalogueCommand.read(catalogue), by: capacityScale)
      let now = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00Z
      let first = LocalDate(year: 2027, month: 3, day: 1)!
      // About 25 bookings a day fit the catalogue's daily limits: size the season to match.
      let days = max(60, bookings / 25)
      let team = SeasonBuilder.guides(guides, for: catalogue, using: &rng)
      let builder = SeasonBuilder(catalogue: catalogue, first: first, days: days, now: now)
      let building = ContinuousClock.now
      let season = builder.bookings(target: bookings, guides: team, using: &rng)
      let built = ContinuousClock.now - building

      let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("journeys-bench-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: directory) }
      var logger = Logger(label: "bench")
      logger.logLevel = .warning
      let store = try await SQLiteBookingStore.open(
        path: directory.appendingPathComponent("bench.sqlite").path, logger: logger)
      do {
        _ = try await store.publish(catalogue, at: now)
        try await store.save(Organisation(id: "bench", name: "Benchmark"))
        for guide in team { try await store.save(guide) }
        try await store.importBookings(season)
        let service = BookingService(store: store, clock: FixedNow(instant: now))
        // A first, untimed pass warms the store's week cache as a running service's would be.
        var requests: [(Journey, LocalDate, GroupProfile)] = []
        for _ in 0..<samples {
          let journey = catalogue.journeys.randomElement(using: &rng)!
          let from = first.adding(days: Int.random(in: 0..<max(1, days - window), using: &rng))
          let group = GroupProfile(
            headcount: Int.random(in: journey.groupSize, using: &rng),
            language: journey.languages.randomElement(using: &rng)!)
          requests.append((journey, from, group))
        }
        var cold: [Duration] = []
        for (journey, from, group) in requests {
          let start = ContinuousClock.now
          _ = try await service.availability(
            journey: journey.id, from: from, through: from.adding(days: window - 1), group: group)
          cold.append(ContinuousClock.now - start)
        }
        var latencies: [Duration] = []
        var available = 0
        var refusals: [String: Int] = [:]
        for (journey, from, group) in requests {
          let start = ContinuousClock.now
          let result = try await service.availability(
            journey: journey.id, from: from, through: from.adding(days: window - 1), group: group)
          latencies.append(ContinuousClock.now - start)
          available += result.filter(\.programme.isFeasible).count
          for day in result {
            for code in Set(day.programme.violations.map(\.code.rawValue)) {
              refusals[code, default: 0] += 1
            }
          }
        }
        try await store.close()
        print(
          Self.report(
            season: season.count, days: days, guides: guides, scale: capacityScale, built: built,
            latencies: latencies, window: window, available: available))
        print("cold pass (week cache filling): \(Self.percentiles(cold))")
        let reasons = refusals.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
        print("dates refused by: " + (reasons.isEmpty ? "none" : reasons.joined(separator: ", ")))
      } catch {
        try? await store.close()
        throw error
      }
    }

    static func report(
      season: Int, days: Int, guides: Int, scale: Int, built: Duration, latencies: [Duration],
      window: Int,
      available: Int
    ) -> String {
      return """
        season: \(season) bookings over \(days) days, \(guides) guides, site capacities ×\(scale) (built in \(built))
        requests: \(latencies.count) availability checks of \(window) days (\(available) dates available)
        warm pass: \(percentiles(latencies))
        """
    }

    /// `latency ms: p50 … p95 … p99 … max …`.
    static func percentiles(_ latencies: [Duration]) -> String {
      let sorted = latencies.sorted()
      func ms(_ d: Duration) -> String {
        let value = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.2f", value)
      }
      func percentile(_ p: Double) -> String {
        ms(sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)])
      }
      return
        "latency ms: p50 \(percentile(0.5))  p95 \(percentile(0.95))  p99 \(percentile(0.99))  max \(ms(sorted.last!))"
    }
  }
}

/// A clock stopped at one instant, so that the season's holds stay live.
struct FixedNow: WallClock {
  let instant: Date
  func now() -> Date { instant }
}
