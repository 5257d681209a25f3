import ArgumentParser
import Journeys

struct AvailabilityCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "availability",
    abstract: "Check a journey for a group over a range of dates, with alternatives.")

  @Argument(help: "The journey id.") var journey: String
  @Option(help: "First date (YYYY-MM-DD).") var from: String
  @Option(help: "Last date (YYYY-MM-DD); the first date when omitted.") var to: String?
  @Option(parsing: .unconditional, help: "Number of people.") var size: Int
  @Option(help: "The group's language (fr, en…).") var language: String = "fr"
  @Option(parsing: .unconditional, help: "Wheelchair users in the group.") var wheelchairUsers:
    Int = 0
  @Flag(help: "Propose alternatives for the dates that do not work.") var suggest = false
  @Flag(help: "Print the messages in English.") var english = false
  @OptionGroup var store: StoreOptions

  func validate() throws {
    try DateOptions.range(from: from, to: to ?? from)
    guard Language(code: language) != nil else {
      throw ValidationError("--language must be a two-letter code such as fr or en")
    }
    guard size >= 1, (0...size).contains(wheelchairUsers) else {
      throw ValidationError(
        size < 1
          ? "--size must be at least 1"
          : "--wheelchair-users must be from 0 to --size (\(size)), found \(wheelchairUsers)")
    }
  }

  func run() async throws {
    let first = LocalDate(from)!
    let last = to.flatMap { LocalDate($0) } ?? first
    let profile = GroupProfile(
      headcount: size, language: Language(code: language)!,
      needs: .init(wheelchairUsers: wheelchairUsers))
    let (days, sites) = try await store.withService { service in
      let days = try await service.availability(
        journey: Journey.ID(journey), from: first, through: last, group: profile,
        suggest: suggest)
      return (days, try await service.store.catalogue().sites)
    }
    let names = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) })
    let shown: Language = english ? .english : .french
    for day in days {
      let programme = day.programme
      print(
        "\(day.date) \(day.date.weekday.rawValue)  \(programme.isFeasible ? "available" : "not available")"
      )
      if programme.isFeasible {
        print(Self.lines(programme, names: names))
      }
      for violation in programme.violations {
        print("    [\(violation.code)] \(violation.message.text(in: shown))")
      }
      for omitted in programme.omitted {
        print("    (optional stop left out: \(names[omitted.site] ?? omitted.site.rawValue))")
      }
      for alternative in day.alternatives {
        print("    → \(alternative.kind.rawValue): \(alternative.change.text(in: shown))")
      }
    }
  }

  static func lines(_ programme: Programme, names: [Site.ID: String], civil: CivilTime = .paris)
    -> String
  {
    programme.visits.map { visit in
      let start = civil.civil(visit.start).time
      let end = civil.civil(visit.end).time
      let guide = visit.guide.map { "  (guide \($0))" } ?? ""
      return "    \(start)-\(end)  \(names[visit.site] ?? visit.site.rawValue)\(guide)"
    }.joined(separator: "\n")
  }
}
