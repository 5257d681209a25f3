import ArgumentParser
import Foundation
import Journeys

struct ExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Documents for the day's work.",
    subcommands: [Manifest.self])

  struct Manifest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The visits of a day: group, site, times, headcount, language, needs, contact.",
      discussion: """
        One row per visit of the bookings active on --date (confirmed, or held and not lapsed), \
        by start time; only the visits of --guide when given. --csv writes RFC 4180 CSV (comma, \
        CRLF, a header row) for spreadsheets; without it, a table.
        """)

    @Option(help: "The day (YYYY-MM-DD).") var date: String
    @Option(help: "Only the visits this guide leads.") var guide: String?
    @Flag(help: "Write CSV.") var csv = false
    @Flag(help: "Headers and words in English.") var english = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
      _ = try DateOptions.date(date, "--date")
    }

    func run() async throws {
      let day = LocalDate(date)!
      let manifest = try await store.withService { service in
        let reference = try await service.store.referenceData()
        if let guide, !reference.guides.contains(where: { $0.id.rawValue == guide }) {
          throw AdminError("no guide \(guide)")
        }
        let bookings = try await service.store.bookings(BookingQuery(date: day))
        return DayManifest(
          date: day, guide: guide.map { Guide.ID($0) }, bookings: bookings,
          reference: reference, now: service.clock.now(), civil: service.civil)
      }
      let language: Language = english ? .english : .french
      if csv {
        print(manifest.csv(in: language), terminator: "")
        return
      }
      let table = manifest.table(in: language)
      print(Table.render(table[0], Array(table.dropFirst())))
      if manifest.rows.isEmpty {
        print(english ? "no visit on \(day)" : "aucune visite le \(day)")
      }
    }
  }
}
