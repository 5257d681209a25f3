import ArgumentParser
import Foundation
import Hummingbird
import Journeys
import JourneysStore
import Logging

/// `booking-api`: serves the booking API over the configured store.
@main
struct BookingAPICommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "booking-api",
    abstract: "Serve the Voyages apprenants booking API.",
    discussion: """
      Settings come from these options, then the environment (JOURNEYS_HTTP_HOST, \
      JOURNEYS_HTTP_PORT, JOURNEYS_DATABASE or JOURNEYS_DATABASE_URL, \
      JOURNEYS_CATALOGUE_DIRECTORY, …), then the \
      configuration file, then defaults. On first start with an empty store, the catalogue is \
      published from the catalogue directory and the demo guides and organisation are loaded.
      """)

  @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
  @Option(help: "Port to listen on (default 8080; 0 picks a free port).") var port: Int?
  @Option(help: "SQLite file or PostgreSQL URL (default var/journeys.sqlite).")
  var database: String?
  @Option(help: "Catalogue directory published on first start (default itineraries).")
  var catalogue: String?
  @Option(help: "Configuration file, which must exist (default: config/journeys.yaml if there).")
  var config: String?

  func run() async throws {
    var overrides: [String: String] = [:]
    overrides[ServiceSettings.Key.host] = host
    overrides[ServiceSettings.Key.port] = port.map(String.init)
    overrides[ServiceSettings.Key.database] = database
    overrides[ServiceSettings.Key.catalogue] = catalogue
    let settings = try await ServiceSettings.load(commandLine: overrides, file: config)
    if settings.logFormat == "json" {
      LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
    }
    var logger = Logger(label: "booking-api")
    logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info

    let store = try await StoreOpener.open(settings.database, logger: logger)
    do {
      try await Bootstrap.prepare(store, settings: settings, now: Date(), logger: logger)
      let service = try await BookingService.configured(store: store, settings: settings)
      let app = try buildApplication(service: service, settings: settings, logger: logger)
      try await app.runService()
    } catch {
      try? await store.close()
      throw error
    }
    try await store.close()
  }
}
