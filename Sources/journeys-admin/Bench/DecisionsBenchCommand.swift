import ArgumentParser
import Foundation
import Journeys

extension BenchCommand {
  struct Decisions: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The time of one hold's decision on a busy season, without a database.",
      discussion: """
        Builds a season from --seed on the real catalogue (capacities scaled, every booking \
        scheduled under every rule), then decides --decisions random requests against it as \
        a hold does (the programme timed, every rule checked, guides given by the planner). \
        Prints the time per decision and a fingerprint of every answer: a change meant to \
        make decisions faster, not different, keeps the fingerprint.
        """)

    @Option(help: "Requests to decide.") var decisions = 20_000
    @Option(help: "Bookings in the season.") var bookings = 9_000
    @Option(help: "Seed of the season and of the requests.") var seed: UInt64 = 1
    @Option(help: "The catalogue directory.") var catalogue = "itineraries"

    func run() throws {
      var rng = SplitMix64(seed: seed)
      let (builder, team) = try SeasonBuilder.standard(
        catalogue: catalogue, guides: 60, using: &rng)
      let (catalogue, first, now) = (builder.catalogue, builder.first, builder.now)
      let season = builder.bookings(target: bookings, guides: team, using: &rng)
      let context = BookingContext(
        sites: catalogue.sites, guides: team, ledger: Ledger(bookings: season, at: now), now: now)
      var (feasible, fingerprint) = (0, UInt64(0))
      func mix(_ value: UInt64) { fingerprint = (fingerprint ^ value) &* 0x100_0000_01b3 }
      let started = ContinuousClock.now
      for _ in 0..<decisions {
        let journey = catalogue.journeys.randomElement(using: &rng)!
        let date = first.adding(days: Int.random(in: 0..<builder.days, using: &rng))
        let group = GroupProfile(
          headcount: Int.random(in: journey.groupSize, using: &rng),
          language: journey.languages.randomElement(using: &rng)!)
        let programme = JourneyScheduler.schedule(
          journey, on: date, for: group, in: context, staffing: .planner)
        if programme.isFeasible { feasible += 1 }
        for visit in programme.visits {
          mix(UInt64(bitPattern: Int64(visit.start.timeIntervalSince1970)))
          for byte in (visit.guide?.rawValue ?? "-").utf8 { mix(UInt64(byte)) }
        }
        for violation in programme.violations {
          for byte in violation.code.rawValue.utf8 { mix(UInt64(byte)) }
        }
      }
      let elapsed = ContinuousClock.now - started
      let each = elapsed / decisions
      print(
        """
        season: \(season.count) bookings; \(decisions) decisions (\(feasible) feasible) in \
        \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))) = \
        \(each.formatted(.units(allowed: [.microseconds], fractionalPart: .show(length: 1)))) \
        each; fingerprint \(String(fingerprint, radix: 16))
        """)
    }
  }
}
