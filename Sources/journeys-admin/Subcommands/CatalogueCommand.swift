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
      // Not `withService`: it checks the travel file against the catalogue being replaced,
      // and publishing reads no travel times.
      let (plan, findings) = try await store.withStore(mustExist: false) { store in
        try await BookingService(store: store).publish(catalogue)
      }
      print("published \(catalogue.sites.count) sites and \(catalogue.journeys.count) journeys")
      for journey in plan.newVersions { print("  new      \(journey.id) v\(journey.version)") }
      for id in plan.unchanged { print("  same     \(id)") }
      for id in plan.withdrawn { print("  withdrawn \(id)") }
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
