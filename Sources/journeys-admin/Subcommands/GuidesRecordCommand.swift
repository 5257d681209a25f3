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
      abstract: "Take days out of a guide's absences (recorded by mistake, or cut short).",
      discussion: """
        The guide is no longer away from the start of --from to the end of --to (Europe/Paris): \
        absences within those days are withdrawn, those that overlap them are shortened or \
        split. The guide's visits are not moved back: the next plan may give him or her visits \
        again.
        """)

    @Argument(help: "The guide's id.") var id: String
    @Option(help: "First day back (YYYY-MM-DD).") var from: String
    @Option(help: "Last day back (YYYY-MM-DD).") var to: String
    @OptionGroup var store: StoreOptions

    func validate() throws {
      try DateOptions.range(from: from, to: to)
    }

    func run() async throws {
      let (first, last) = (LocalDate(from)!, LocalDate(to)!)
      try await store.withService { service in
        try await service.takeOutOfAbsences(Guide.ID(id), from: first, through: last)
      }
      print("\(id) is no longer away between \(first) and \(last)")
    }
  }

  struct Availability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Set when a guide works each week, and the rest between working days.",
      discussion: """
        --week lists the days worked and their hours, such as \
        "mon=09:00-12:00,14:00-18:00 wed=09:00-17:00" (days not named are not worked); \
        --any-time lifts the weekly limits. The coming visits the guide can no longer lead \
        move to other guides; those nobody else can lead are listed with why.
        """)

    @Argument(help: "The guide's id.") var id: String
    @Option(help: "Days and hours worked each week.") var week: String?
    @Flag(help: "Any time of any day will do.") var anyTime = false
    @Option(parsing: .unconditional, help: "Hours of rest, at least, between two working days.")
    var rest: Int?
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard week != nil || anyTime || rest != nil else {
        throw ValidationError("give --week, --any-time or --rest")
      }
      guard week == nil || !anyTime else {
        throw ValidationError("give --week or --any-time, not both")
      }
      if let week { _ = try Self.parse(week) }
      if let rest, !(0...48).contains(rest) { throw ValidationError("--rest is 0 to 48 hours") }
    }

    /// `mon=09:00-12:00,14:00-18:00 wed=…` as a week; days not named are not worked.
    static func parse(_ text: String) throws -> OpeningHours.Week {
      var week: OpeningHours.Week = [:]
      for item in text.split(whereSeparator: { $0 == " " || $0 == ";" }) {
        let parts = item.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let day = Weekday(rawValue: String(parts[0])) else {
          throw ValidationError("--week: \(item) is not day=hours (mon, tue… sun)")
        }
        let ranges = try parts[1].split(separator: ",").map { range in
          guard let parsed = LocalTimeRange(range) else {
            throw ValidationError(
              LocalTimeRange.backwards(range) == nil
                ? "--week: \(range) is not HH:MM-HH:MM" : "--week: \(range) ends before it starts")
          }
          return parsed
        }
        guard week[day] == nil else { throw ValidationError("--week names \(day.rawValue) twice") }
        guard !OpeningHours.overlap(ranges) else {
          throw ValidationError("--week: the hours of \(day.rawValue) overlap")
        }
        week[day] = ranges.sorted { $0.start < $1.start }
      }
      guard !week.isEmpty else { throw ValidationError("--week names no day") }
      return week
    }

    func run() async throws {
      let week = try self.week.map(Self.parse)
      let (anyTime, rest) = (anyTime, rest)
      try await store.withService { service in
        guard
          let (_, plans) = try await service.changeGuide(
            Guide.ID(id),
            { guide in
              if let week { guide.weeklyAvailability = week }
              if anyTime { guide.weeklyAvailability = nil }
              if let rest { guide.minimumRestHours = rest }
            })
        else { throw AdminError("no guide \(id)") }
        try await GuidesCommand.show(plans, service)
        print("availability of \(id) saved; \(GuideHorizon.moves(plans))")
      }
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
      try await show(plans, service)
      print("\(id) is \(active ? "active" : "inactive"); \(GuideHorizon.moves(plans))")
    }
  }

  /// The re-plans that changed something.
  static func show(_ plans: [GuidePlan], _ service: BookingService) async throws {
    let known = try await GuideHorizon.sites(service)
    for plan in plans where !plan.changes.isEmpty || !plan.unassigned.isEmpty {
      GuideHorizon.show(plan, sites: known, civil: service.civil)
    }
  }

  /// The first and last days an absence covers, in `civil` time (its end is the midnight after
  /// its last day).
  static func days(of absence: Guide.Absence, civil: CivilTime) -> (LocalDate, LocalDate) {
    (civil.civil(absence.start).date, civil.civil(absence.end.addingTimeInterval(-1)).date)
  }
}
