import ArgumentParser
import Foundation
import Journeys

extension BenchCommand {
  struct Guides: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "guides",
      abstract: "Plan the guides of a season of the real catalogue, then repair one absence.",
      discussion: """
        Builds a season from --seed on the real catalogue (capacities scaled, every booking \
        scheduled under every rule, guides given visit by visit as bookings arrive), re-plans \
        every guided visit with the guide planner, then marks the busiest guide away for a \
        week and repairs. Prints guides used, visits without a guide, changes and times.
        """)

    @Option(help: "Guided visits in the season, at least.") var visits = 10_000
    @Option(help: "Guides in the season.") var guides = 60
    @Option(help: "Seconds for the season's plan.") var seconds: Double = 30
    @Option(help: "Seed of the season and of the search.") var seed: UInt64 = 1
    @Option(help: "The catalogue directory.") var catalogue = "itineraries"

    func run() throws {
      var rng = SplitMix64(seed: seed)
      let (builder, team) = try SeasonBuilder.standard(
        catalogue: catalogue, guides: guides, using: &rng)
      let (catalogue, now) = (builder.catalogue, builder.now)
      var season: [Booking] = []
      var guided = 0
      // Bookings hold two to four guided visits: add them until the season has enough.
      while guided < visits {
        let more = builder.bookings(target: 200, guides: team, using: &rng, after: season)
        guard !more.isEmpty else { break }
        season += more
        guided += more.reduce(0) { $0 + $1.visits.filter(\.guided).count }
      }
      let arrival = Set(season.flatMap { $0.visits.compactMap(\.guide) }).count
      let context = BookingContext(
        sites: catalogue.sites, guides: team, ledger: Ledger(entries: []), now: now)
      print(
        "season: \(season.count) bookings, \(guided) guided visits, \(guides) guides; "
          + "given as bookings arrived: \(arrival) guides used")
      let plan = GuideAssignment.plan(
        bookings: season, guides: team, in: context,
        options: .init(seed: seed, timeLimit: seconds))
      print(
        "plan: \(plan.guidesUsed) guides used, \(plan.unassigned.count) visits without a guide, "
          + "\(plan.changes.count) changes, " + String(format: "%.2f s", plan.seconds))
      // Apply the plan, then take its busiest guide away for the first week of June.
      var planned = season
      for index in planned.indices {
        for position in planned[index].visits.indices where planned[index].visits[position].guided {
          planned[index].visits[position].guide =
            plan.assignments[VisitKey(booking: planned[index].id, position: position)]
        }
      }
      let broken = InvariantAudit.findings(bookings: planned, sites: catalogue.sites, at: now)
      print("invariant audit of the planned season: \(broken.count) broken")
      for finding in broken.prefix(5) { print("  \(finding)") }
      let loads = Dictionary(grouping: plan.assignments.values, by: { $0 }).mapValues(\.count)
      guard let busiest = loads.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else {
        return
      }
      var away = team
      let index = away.firstIndex { $0.id == busiest }!
      let civil = CivilTime.paris
      away[index].unavailable = [
        .init(
          start: civil.boundary(on: LocalDate("2027-06-07")!, at: LocalTime("00:00")!),
          end: civil.boundary(on: LocalDate("2027-06-14")!, at: LocalTime("00:00")!))
      ]
      let started = ContinuousClock.now
      let repair = GuideAssignment.repair(
        bookings: planned, guides: away, in: context, options: .init(seed: seed, timeLimit: 1))
      let elapsed = ContinuousClock.now - started
      print(
        "repair (\(busiest) away 7–13 June 2027): \(repair.changes.count) visits moved, "
          + "\(repair.unassigned.count) without a guide, in \(elapsed) including the model")
    }
  }
}
