import ArgumentParser
import Foundation
import Journeys
import JourneysStore

extension GuidesCommand {
  struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Re-optimise the guides of a horizon; show the differences, --apply them.",
      discussion: """
        Plans every guided visit of the active bookings from --from to --to: all that can be \
        staffed are, then the fewest guides, fair hours, one guide per group and day, and the \
        fewest changes to the guides named now.
        """)

    @Option(help: "First day (YYYY-MM-DD).") var from: String
    @Option(help: "Last day (YYYY-MM-DD).") var to: String
    @Option(parsing: .unconditional, help: "Seconds of search, at most 60.") var seconds: Double =
      5
    @Flag(help: "Write the new guides into the bookings.") var apply = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
      try DateOptions.range(from: from, to: to, within: 400)
      guard seconds > 0, seconds <= 60 else {
        throw ValidationError("--seconds must be more than 0 and at most 60")
      }
    }

    func run() async throws {
      let dates = LocalDate(from)!...LocalDate(to)!
      try await store.withService { service in
        let sites = try await GuideHorizon.sites(service)
        // The same search either way (a fixed amount of it), so that the preview is what
        // --apply writes unless bookings change meanwhile; --apply lists what it writes.
        let plan = try await service.replanGuides(
          dates, optimise: true, seconds: seconds, dryRun: !apply)
        guard apply else {
          GuideHorizon.show(plan, sites: sites, civil: service.civil)
          if !plan.changes.isEmpty {
            print(
              "run again with --apply to write these changes (planned again from the bookings "
                + "as they are then: the same plan unless they change meanwhile)")
          }
          return
        }
        GuideHorizon.show(plan, sites: sites, civil: service.civil)
        print("applied \(plan.changes.count) change(s)")
      }
    }
  }

  struct Unavailable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record that a guide is away, and move his or her visits to other guides.",
      discussion: """
        Records the absence (from the start of --from to the end of --to, Europe/Paris), then \
        re-plans the visits it touches with the fewest changes and writes them. Visits nobody \
        else can lead are listed with why.
        """)

    @Argument(help: "The guide's id.") var id: String
    @Option(help: "First day away (YYYY-MM-DD).") var from: String
    @Option(help: "Last day away (YYYY-MM-DD).") var to: String
    @Option(help: "Why, for the record.") var reason: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
      try DateOptions.range(from: from, to: to)
      // As the API has it.
      guard (reason ?? "").count <= 200 else {
        throw ValidationError("--reason takes at most 200 characters")
      }
    }

    func run() async throws {
      let (first, last) = (LocalDate(from)!, LocalDate(to)!)
      try await store.withService { service in
        let started = ContinuousClock.now
        let plan = try await service.addAbsence(
          Guide.ID(id), from: first, through: last, reason: reason)
        let elapsed = ContinuousClock.now - started
        GuideHorizon.show(plan, sites: try await GuideHorizon.sites(service), civil: service.civil)
        print(
          "\(id) is away from \(first) to \(last); \(GuideHorizon.moves([plan])) in \(elapsed)")
      }
    }
  }
}

/// Reading, showing and writing the guides of a horizon.
enum GuideHorizon {
  /// The published sites by id, to name the visits shown.
  static func sites(_ service: BookingService) async throws -> [Site.ID: Site] {
    let sites = try await service.store.catalogue().sites
    return Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// What became of the visits that changed guide: "3 visit(s) moved to another guide, 1 left
  /// without a guide"; a visit taken from its guide with nobody to give it to is not "moved".
  static func moves(_ plans: [GuidePlan]) -> String {
    let changes = plans.flatMap(\.changes)
    let moved = changes.filter { $0.to != nil }.count
    let left = changes.count - moved
    return "\(moved) visit(s) moved to another guide"
      + (left == 0 ? "" : ", \(left) left without a guide")
  }

  static func show(_ plan: GuidePlan, sites: [Site.ID: Site], civil: CivilTime) {
    if !plan.changes.isEmpty {
      print(
        Table.render(
          ["START", "SITE", "VISIT", "FROM", "TO"],
          plan.changes.map { change in
            [
              civil.iso8601(change.start), sites[change.site]?.name ?? change.site.rawValue,
              change.visit.description, change.from?.rawValue ?? "-", change.to?.rawValue ?? "-",
            ]
          }))
    }
    for (visit, violation) in plan.unassigned.sorted(by: { $0.key < $1.key }) {
      print("no guide for \(visit): \(violation.message.en)")
    }
    print(
      "\(plan.assignments.count) visit(s) staffed by \(plan.guidesUsed) guide(s), "
        + "\(plan.unassigned.count) without a guide, \(plan.changes.count) change(s), "
        + String(format: "planned in %.2f s", plan.seconds))
  }
}

extension GuidesCommand {
  struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Issue a new calendar token for a guide; the old address stops working.",
      discussion: """
        Prints the path of the guide's calendar feed, with the token, as the last line: give \
        it to the guide (prefix it with the service's address) to subscribe.
        """)

    @Argument(help: "The guide's id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      for line in try await issue() { print(line) }
    }

    /// Stores the new token's hash and returns what to print: the feed's path last.
    func issue() async throws -> [String] {
      // 130 random bits in lowercase base 32: unguessable, and safe in a URL as it is. Only
      // its hash is stored.
      let token = RandomBookingIdentifiers.text(26)
      let saved = try await store.withStore { store in
        try await store.updateGuide(Guide.ID(id)) { guide in
          var updated = guide
          updated.calendarTokenHash = TokenSecrets.hash(token)
          return updated
        }
      }
      guard saved != nil else { throw AdminError("no guide \(id)") }
      return [
        "calendar feed of \(id) (any earlier address no longer works); prefix the service's address:",
        "/v1/guides/\(id)/calendar.ics?token=\(token)",
      ]
    }
  }
}
