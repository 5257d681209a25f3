import ArgumentParser
import Foundation
import Journeys

extension GuidesCommand {
  struct Absences: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a guide's absences.")

    @Argument(help: "The guide's id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let guide = try await store.withStore { store in
        try await store.guides().first { $0.id.rawValue == id }
      }
      guard let guide else { throw AdminError("no guide \(id)") }
      let civil = CivilTime.paris
      let absences = (guide.unavailable ?? []).sorted { $0.start < $1.start }
      print(
        Table.render(
          ["FROM", "TO", "REASON"],
          absences.map { absence in
            let (first, last) = GuidesCommand.days(of: absence, civil: civil)
            return [first.description, last.description, absence.reason ?? ""]
          }))
      if absences.isEmpty { print("\(id) has no absence on record") }
    }
  }

  struct Back: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Withdraw a guide's absences between two days (recorded by mistake, or cut short).",
      discussion: """
        Removes every absence of the guide lying within --from to --to (whole days, \
        Europe/Paris). The guide's visits are not moved back: the next plan may give him or \
        her visits again.
        """)

    @Argument(help: "The guide's id.") var id: String
    @Option(help: "First day (YYYY-MM-DD).") var from: String
    @Option(help: "Last day (YYYY-MM-DD).") var to: String
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard let first = LocalDate(from), let last = LocalDate(to), first <= last else {
        throw ValidationError("--from and --to must be YYYY-MM-DD, in order")
      }
    }

    func run() async throws {
      let days = LocalDate(from)!...LocalDate(to)!
      let civil = CivilTime.paris
      let within: @Sendable (Guide.Absence) -> Bool = { absence in
        let (first, last) = GuidesCommand.days(of: absence, civil: civil)
        return days.contains(first) && days.contains(last)
      }
      let saved = try await store.withStore { store in
        try await store.updateGuide(Guide.ID(id)) { guide in
          guard (guide.unavailable ?? []).contains(where: within) else {
            throw AdminError("\(id) has no absence within \(days.lowerBound) to \(days.upperBound)")
          }
          var back = guide
          back.unavailable?.removeAll(where: within)
          return back
        }
      }
      guard saved != nil else { throw AdminError("no guide \(id)") }
      print("\(id) is no longer away between \(days.lowerBound) and \(days.upperBound)")
    }
  }

  struct Deactivate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stop giving a guide visits, and move his or her coming visits to others.",
      discussion: "Visits nobody else can lead are listed with why; `activate` undoes it.")

    @Argument(help: "The guide's id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws { try await GuidesCommand.setActive(false, id, store) }
  }

  struct Activate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Give a deactivated guide visits again (from the next plan on).")

    @Argument(help: "The guide's id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws { try await GuidesCommand.setActive(true, id, store) }
  }

  static func setActive(_ active: Bool, _ id: String, _ store: StoreOptions) async throws {
    try await store.withService { service in
      guard
        let (_, plans) = try await service.changeGuide(Guide.ID(id), { $0.active = active })
      else { throw AdminError("no guide \(id)") }
      let sites = try await service.store.catalogue().sites
      let known = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
      for plan in plans where !plan.changes.isEmpty || !plan.unassigned.isEmpty {
        GuideHorizon.show(plan, sites: known, civil: service.civil)
      }
      print(
        "\(id) is \(active ? "active" : "inactive"); "
          + "\(plans.reduce(0) { $0 + $1.changes.count }) visit(s) moved")
    }
  }

  /// The first and last days an absence covers, in `civil` time (its end is the midnight after
  /// its last day).
  static func days(of absence: Guide.Absence, civil: CivilTime) -> (LocalDate, LocalDate) {
    (civil.civil(absence.start).date, civil.civil(absence.end.addingTimeInterval(-1)).date)
  }
}
