import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Logging

extension BenchCommand {
  struct Writes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Holds+confirms per second with concurrent clients, beside pgbench.",
      discussion: """
        Publishes the catalogue (capacities scaled) and --guides guides into the --database \
        given, which should be a database of its own, then runs --clients concurrent clients \
        that each hold and confirm bookings on random dates of the --days from three weeks \
        ahead for --seconds, audits every invariant on what was stored, and for PostgreSQL \
        runs pgbench -c CLIENTS (TPC-B-like) on the same database and prints the ratio. The \
        season has room for several times what the clients book (about 30 bookings a day \
        after 10 s): a season that fills up measures refusals, not writes, and gives a rate \
        that falls the longer the run.
        """)

    @Option(help: "The database to fill (a new SQLite file or an empty PostgreSQL database).")
    var database: String
    @Option(help: "Concurrent clients.") var clients = 32
    @Option(help: "Seconds of load.") var seconds = 10
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "The catalogue directory.") var catalogue = "itineraries"
    @Option(help: "Factor applied to the sites' capacities.") var capacityScale = 100
    @Option(help: "Guides.") var guides = 120
    @Option(help: "Days the clients book, from three weeks ahead.") var days = 480
    @Flag(help: "Do not run pgbench.") var noPgbench = false

    func validate() throws {
      guard clients >= 1, seconds >= 1, days >= 1, guides >= 1, capacityScale >= 1 else {
        throw ValidationError(
          "--clients, --seconds, --days, --guides and --capacity-scale are at least 1")
      }
    }

    func run() async throws {
      var rng = SplitMix64(seed: seed)
      let catalogue = SeasonBuilder.scaled(try CatalogueCommand.read(catalogue), by: capacityScale)
      var logger = Logger(label: "bench")
      logger.logLevel = .warning
      let store = try await StoreOpener.open(database, logger: logger)
      do {
        _ = try await store.publish(catalogue, at: Date())
        try await store.save(Organisation(id: "bench", name: "Benchmark"))
        for guide in SeasonBuilder.guides(guides, for: catalogue, using: &rng) {
          try await store.save(guide)
        }
        let service = BookingService(store: store)
        let outcome = try await Self.load(
          service, catalogue: catalogue, clients: clients, seconds: seconds, days: days, seed: seed)
        let stored = try await store.bookings(.init())
        let findings = InvariantAudit.findings(
          bookings: stored, sites: catalogue.sites, at: Date())
        try await store.close()
        let rate = Double(outcome.pairs) / Double(seconds)
        // A hold and its confirmation are two committed transactions, as pgbench counts them.
        let transactions = 2 * rate
        print(
          """
          journeys: \(outcome.pairs) holds+confirms in \(seconds) s with \(clients) clients = \
          \(String(format: "%.1f", rate)) pairs/s, \(String(format: "%.1f", transactions)) \
          transactions/s (\(outcome.refused) holds refused by the rules, \(outcome.errors) errors)
          invariant audit of \(stored.count) stored bookings: \(findings.count) broken
          """)
        for finding in findings.prefix(10) { print("  \(finding)") }
        if database.hasPrefix("postgres"), !noPgbench {
          let tps = try Self.pgbench(database, clients: clients, seconds: seconds)
          print(
            """
            pgbench -c \(clients) (TPC-B-like): \(String(format: "%.1f", tps)) tps; \
            ratio of transactions journeys/pgbench = \(String(format: "%.2f", transactions / tps)) \
            (pairs/pgbench = \(String(format: "%.2f", rate / tps)))
            """)
        }
        if !findings.isEmpty { throw ExitCode.failure }
      } catch {
        try? await store.close()
        throw error
      }
    }

    struct Outcome: Sendable {
      var pairs = 0
      var refused = 0
      var errors = 0
    }

    static func load(
      _ service: BookingService, catalogue: Catalogue, clients: Int, seconds: Int, days: Int,
      seed: UInt64
    ) async throws -> Outcome {
      let deadline = ContinuousClock.now + .seconds(seconds)
      // Three weeks ahead: the longest notice a site of the catalogue asks.
      let first = CivilTime.paris.civil(Date()).date.adding(days: 21)
      return try await withThrowingTaskGroup(of: Outcome.self) { group in
        for client in 0..<clients {
          group.addTask {
            var rng = SplitMix64(seed: seed &+ UInt64(client) &* 7919)
            var outcome = Outcome()
            while ContinuousClock.now < deadline {
              let journey = catalogue.journeys.randomElement(using: &rng)!
              let request = BookingService.HoldRequest(
                journey: journey.id,
                date: first.adding(days: Int.random(in: 0..<days, using: &rng)),
                group: Group(
                  organisation: "bench", contact: Contact(name: "Client \(client)"),
                  headcount: Int.random(in: journey.groupSize, using: &rng),
                  language: journey.languages.randomElement(using: &rng)!))
              do {
                let held = try await service.hold(request)
                _ = try await service.confirm(held.id)
                outcome.pairs += 1
              } catch BookingError.refused {
                outcome.refused += 1
              } catch {
                outcome.errors += 1
              }
            }
            return outcome
          }
        }
        return try await group.reduce(into: Outcome()) {
          $0.pairs += $1.pairs
          $0.refused += $1.refused
          $0.errors += $1.errors
        }
      }
    }

    /// Runs pgbench's TPC-B-like load on the same database and returns its transactions/s.
    static func pgbench(_ database: String, clients: Int, seconds: Int) throws -> Double {
      // libpq refuses a query it does not know, such as our `connections`.
      let url = String(database.prefix { $0 != "?" })
      _ = try run(["pgbench", "-i", "-q", "-s", "10", url])
      // A fixed number of transactions per client, not -T: pgbench's -T timer is a SIGALRM,
      // which a child spawned from this process's threads may never receive (2026-11-27: the
      // run went on for minutes). pgbench's tps figure is measured either way. About 4,000
      // transactions per second of the run, so that pgbench runs about as long as our load
      // did (on this 2-core machine): 200 per client, as before, ran 1.6 s and its figure
      // varied from 3,450 to 4,300 tps between runs.
      let perClient = max(100, 4_000 * seconds / clients)
      let output = try run([
        "pgbench", "-c", String(clients), "-j", "2", "-t", String(perClient), url,
      ])
      guard
        let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
        let tps = Double(line.dropFirst(6).prefix { $0 != " " })
      else { throw AdminError("could not read pgbench's result:\n\(output)") }
      return tps
    }

    static func run(_ arguments: [String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = arguments
      let output = Pipe()
      process.standardOutput = output
      process.standardError = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      let text = String(decoding: data, as: UTF8.self)
      guard process.terminationStatus == 0 else {
        throw AdminError("\(arguments.joined(separator: " ")) failed:\n\(text)")
      }
      return text
    }
  }
}
