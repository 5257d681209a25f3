import ArgumentParser
import Foundation
import Journeys

struct GuidesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guides", abstract: "The guides who lead visits.",
    subcommands: [
      List.self, Show.self, Add.self, Plan.self, Unavailable.self, Absences.self, Back.self,
      Availability.self, Deactivate.self, Activate.self, Token.self,
    ])

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the guides.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let guides = try await store.withStore { store in try await store.guides() }
      print(
        Table.render(
          ["ID", "NAME", "ACTIVE", "LANGUAGES", "HOURS/DAY", "HOURS/WEEK", "CERTIFIED"],
          guides.map { guide in
            let certified =
              guide.certifiedSites.map(\.rawValue) + guide.certifiedThemes.map { "theme:\($0)" }
            return [
              guide.id.rawValue, guide.name, guide.active ? "yes" : "no",
              guide.languages.map(\.code).joined(separator: ","),
              "\(guide.maxHoursPerDay)", "\(guide.maxHoursPerWeek)",
              certified.joined(separator: ","),
            ]
          }))
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a guide: languages, certifications, home, limits, weekly hours, rest.")
    @Argument(help: "The guide's id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let guides = try await store.withStore { store in try await store.guides() }
      guard let guide = guides.first(where: { $0.id.rawValue == id }) else {
        throw AdminError("no guide \(id)")
      }
      print(GuidesCommand.describe(guide))
    }
  }

  /// Everything the planner reads of `guide`, one fact a line.
  static func describe(_ guide: Guide) -> String {
    let week = guide.weeklyAvailability.map { week in
      Weekday.allCases.compactMap { day in
        week[day].map { "\(day.rawValue) \($0.map(\.description).joined(separator: ","))" }
      }.joined(separator: "; ")
    }
    return [
      "guide     \(guide.id) (\(guide.name))\(guide.active ? "" : ", inactive")",
      "languages \(guide.languages.map(\.code).joined(separator: ", "))",
      "certified \((guide.certifiedSites.map(\.rawValue) + guide.certifiedThemes.map { "theme:\($0)" }).joined(separator: ", "))",
      "home      \(guide.home?.rawValue ?? "-")",
      "limits    \(guide.maxHoursPerDay) h a day, \(guide.maxHoursPerWeek) h a week",
      "works     \(week.map { $0.isEmpty ? "no day" : $0 } ?? "any time")",
      "rest      \(guide.minimumRestHours.map { "\($0) h between working days" } ?? "-")",
      "absences  \(guide.unavailable?.count ?? 0) (guides absences \(guide.id))",
      "calendar  \(guide.calendarTokenHash == nil ? "no feed yet (guides token \(guide.id))" : "feed issued")",
    ].joined(separator: "\n")
  }

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a guide, or replace the guide with the same id.",
      discussion: """
        A replacement keeps the guide's absences, weekly availability, rest, calendar token and \
        whether active, and moves the coming visits he or she can no longer lead (a language or \
        certification taken away) to other guides, listing those nobody else can lead.
        """)

    @Option(help: "Identifier: lowercase letters, digits and dashes.") var id: String
    @Option(help: "Full name.") var name: String
    @Option(help: "Languages spoken, comma-separated two-letter codes (fr,en).")
    var languages: String
    @Option(help: "Sites the guide is certified for, comma-separated site ids.")
    var sites: String = ""
    @Option(help: "Themes the guide is certified for, comma-separated.") var themes: String = ""
    @Option(help: "Site where the guide starts the day.") var home: String?
    @Option(parsing: .unconditional, help: "Most hours a day.") var maxHoursPerDay: Int = 8
    @Option(parsing: .unconditional, help: "Most hours a week.") var maxHoursPerWeek: Int = 35
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard !id.isEmpty,
        id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" })
      else { throw ValidationError("--id must use lowercase letters, digits and dashes") }
      guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw ValidationError("--name must not be blank")
      }
      guard Contact.isOneLine(name) else {
        throw ValidationError("--name must be one line, without control characters")
      }
      guard !parsedLanguages.isEmpty, parsedLanguages.count == list(languages).count else {
        throw ValidationError("--languages must be two-letter codes such as fr,en")
      }
      let unknownLanguages = list(languages).filter { Language(code: $0)?.isKnown != true }
      guard unknownLanguages.isEmpty else {
        throw ValidationError(
          "--languages: \(unknownLanguages.joined(separator: ", ")) is no ISO 639-1 language")
      }
      let unknown = list(themes).filter { Theme(rawValue: $0) == nil }
      guard unknown.isEmpty else {
        let known = Theme.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError(
          "unknown theme(s) \(unknown.joined(separator: ", ")); known: \(known)")
      }
      guard (1...14).contains(maxHoursPerDay), (1...60).contains(maxHoursPerWeek) else {
        throw ValidationError("hours must be 1-14 a day and 1-60 a week")
      }
      guard maxHoursPerDay <= maxHoursPerWeek else {
        throw ValidationError("--max-hours-per-day cannot exceed --max-hours-per-week")
      }
    }

    var parsedLanguages: [Language] { list(languages).compactMap { Language(code: $0) } }

    func list(_ text: String) -> [String] {
      text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        !$0.isEmpty
      }
    }

    func run() async throws {
      let guide = Guide(
        id: .init(id), name: name, languages: parsedLanguages,
        certifiedSites: list(sites).map { Site.ID($0) },
        certifiedThemes: list(themes).compactMap(Theme.init(rawValue:)),
        home: home.map { Site.ID($0) }, maxHoursPerDay: maxHoursPerDay,
        maxHoursPerWeek: maxHoursPerWeek)
      try await store.withService { service in
        let sites = try await service.store.catalogue().sites
        let known = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        var named = Set<Site.ID>()
        let unknown = (guide.certifiedSites + [guide.home].compactMap { $0 }).filter {
          known[$0] == nil && named.insert($0).inserted
        }
        guard unknown.isEmpty else {
          throw AdminError(
            "unknown site(s): \(unknown.map(\.rawValue).joined(separator: ", ")); see the published catalogue"
          )
        }
        guard let plans = try await service.saveGuide(guide) else {
          print("saved guide \(guide.id)")
          return
        }
        // A replacement: what changed for the visits he or she led.
        print("replaced guide \(guide.id) (absences, availability and calendar kept)")
        for plan in plans where !plan.changes.isEmpty || !plan.unassigned.isEmpty {
          GuideHorizon.show(plan, sites: known, civil: service.civil)
        }
        print(GuideHorizon.moves(plans))
      }
    }
  }
}
