import ArgumentParser
import Foundation
import Journeys

struct BookingsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bookings", abstract: "See and change bookings.",
    subcommands: [List.self, Show.self, Cancel.self])

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List bookings, by date.")
    @Option(help: "Only this date (YYYY-MM-DD).") var date: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
      if let date { _ = try DateOptions.date(date, "--date") }
    }

    func run() async throws {
      let query = BookingQuery(date: date.flatMap { LocalDate($0) })
      let bookings = try await store.withService { service in try await service.bookings(query) }
      guard !bookings.isEmpty else {
        print("no bookings")
        return
      }
      print(
        Table.render(
          ["ID", "DATE", "STATE", "JOURNEY", "GROUP", "LANG", "ORGANISATION"],
          bookings.map {
            [
              $0.id.rawValue, $0.date.description, $0.state.name,
              "\($0.journey) v\($0.journeyVersion)", "\($0.group.headcount)",
              $0.group.language.code, $0.group.organisation.rawValue,
            ]
          }))
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a booking and its programme.")
    @Argument(help: "The booking id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let text = try await store.withService { service in
        BookingsCommand.describe(
          try await service.booking(Booking.ID(id)),
          catalogue: try await service.store.catalogue(), now: service.clock.now(),
          civil: service.civil)
      }
      print(text)
    }
  }

  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Cancel a booking, releasing its places and guides.")
    @Argument(help: "The booking id.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let (before, booking) = try await store.withService { service in
        (try await service.booking(Booking.ID(id)), try await service.cancel(Booking.ID(id)))
      }
      if case .cancelled(let at) = before.state {
        print(
          "booking \(booking.id) was already cancelled on \(CivilTime.paris.iso8601(at)); nothing changed"
        )
      } else {
        print("booking \(booking.id) is \(booking.state.name)")
      }
    }
  }

  /// A booking as the office follows it up: who to call, the programme with its guides (and
  /// the guided visits still without one), and what the published `catalogue` now contradicts.
  static func describe(
    _ booking: Booking, catalogue: Catalogue, now: Date, civil: CivilTime = .paris
  ) -> String {
    var lines = [
      "booking   \(booking.id)",
      "state     \(booking.state.name)"
        + (booking.expiresAt.map { " until \(civil.iso8601($0))" } ?? ""),
      "journey   \(booking.journey) v\(booking.journeyVersion) on \(booking.date)",
      "group     \(booking.group.headcount) people, \(booking.group.language), \(booking.group.organisation)"
        + (booking.group.needs.wheelchairUsers > 0
          ? ", \(booking.group.needs.wheelchairUsers) wheelchair user(s)" : ""),
      "contact   \(booking.group.contact.name)"
        + (booking.group.contact.email.map { " <\($0)>" } ?? "")
        + (booking.group.contact.phone.map { " \($0)" } ?? ""),
      "programme",
    ]
    // Guides lead only visits that will take place; a cancelled booking's are history.
    let active = booking.isActive(at: now)
    for visit in booking.visits {
      let start = civil.civil(visit.start).time
      let end = civil.civil(visit.end).time
      let name = catalogue.site(visit.site).map { "\($0.name) (\(visit.site))" }
      var guide = ""
      if active, visit.guided { guide = visit.guide.map { "  guide \($0)" } ?? "  NO GUIDE YET" }
      lines.append("  \(start)-\(end)  \(name ?? visit.site.rawValue)\(guide)")
    }
    let findings = CatalogueImpact.findings([booking], catalogue: catalogue, civil: civil, now: now)
    for reason in findings.flatMap(\.reasons) { lines.append("follow up: \(reason.en)") }
    return lines.joined(separator: "\n")
  }
}
