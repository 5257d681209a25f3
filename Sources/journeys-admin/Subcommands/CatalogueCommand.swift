import ArgumentParser
import Foundation
import Journeys
import JourneysStore

struct CatalogueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalogue", abstract: "Check and publish the catalogue files.",
    subcommands: [Validate.self, Publish.self])

  struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the catalogue files; print every error with its file, line and column.")

    @Argument(help: "The catalogue directory.") var directory: String = "itineraries"

    func run() async throws {
      let catalogue = try CatalogueCommand.read(directory)
      print(
        "\(directory): valid — \(catalogue.sites.count) sites, \(catalogue.journeys.count) journeys"
      )
    }
  }

  struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate and publish the catalogue; nothing is published if anything is wrong.")

    @Argument(help: "The catalogue directory.") var directory: String = "itineraries"
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let catalogue = try CatalogueCommand.read(directory)
      let now = Date()
      let civil = CivilTime.paris
      let (plan, upcoming) = try await store.withStore { store in
        let plan = try await store.publish(catalogue, at: now)
        let today = civil.civil(now).date
        // Two years: further than any site takes bookings.
        let upcoming = try await store.bookings(
          BookingQuery(dates: today...today.adding(days: 731)))
        return (plan, upcoming)
      }
      print("published \(catalogue.sites.count) sites and \(catalogue.journeys.count) journeys")
      for journey in plan.newVersions { print("  new      \(journey.id) v\(journey.version)") }
      for id in plan.unchanged { print("  same     \(id)") }
      for id in plan.withdrawn { print("  withdrawn \(id)") }
      let findings = CatalogueImpact.findings(
        upcoming.map { $0.settled(at: now) }, catalogue: catalogue,
        withdrawn: Set(plan.withdrawn), civil: civil, now: now)
      guard !findings.isEmpty else { return }
      print("warning: \(findings.count) coming booking(s) contradict the catalogue just published;")
      print("they are unchanged — follow them up (bookings show ID, bookings cancel ID):")
      for finding in findings {
        let reasons = finding.reasons.map(\.en).joined(separator: "; ")
        print(
          "  \(finding.booking.id)  \(finding.booking.date)  \(finding.booking.state.name): \(reasons)"
        )
      }
    }
  }

  static func read(_ directory: String) throws -> Catalogue {
    do {
      return try CatalogueReader.read(directory: directory)
    } catch {
      throw AdminError(error.description)
    }
  }
}
