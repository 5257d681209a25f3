import Foundation
import Journeys
import Logging

/// A store as the executables run it: the booking store plus what operators do to it.
public protocol OperatedStore: BookingStore {
  /// Applies pending migrations; returns the versions applied.
  @discardableResult func migrate() async throws -> [Int]
  /// The schema version in the database and the latest this build knows.
  func schemaStatus() async throws -> (current: Int, latest: Int)
  /// Writes a consistent copy of the database to `destination`.
  func backup(to destination: String) async throws
  /// Writes `bookings` as they are, in one transaction, without checking any rule: for
  /// restoring an export and for building benchmark seasons.
  func importBookings(_ bookings: [Booking]) async throws
  /// Releases connections; the store cannot be used afterwards.
  func close() async throws
}

extension SQLiteBookingStore: OperatedStore {}

/// Opens the store a `database` setting names.
public enum StoreOpener {
  /// Opens `database`; with `mustExist`, a SQLite file that is not there is an error rather
  /// than a new, empty database (what reading the status or backing up must not create).
  public static func open(
    _ database: String, migrate: Bool = true, mustExist: Bool = false, logger: Logger
  ) async throws -> any OperatedStore {
    if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
      return try await PostgresBookingStore.open(url: database, migrate: migrate, logger: logger)
    }
    let path = database.hasPrefix("sqlite://") ? String(database.dropFirst(9)) : database
    if mustExist, !FileManager.default.fileExists(atPath: path) {
      throw StoreError.missingDatabase(path)
    }
    // SQLite takes an empty file for an empty database: a command would migrate it and write
    // there, a store the service never reads (`touch`ed by mistake, or truncated).
    if mustExist, (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
      throw StoreError.notADatabase(path)
    }
    return try await SQLiteBookingStore.open(path: path, migrate: migrate, logger: logger)
  }
}

/// First-start preparation of an empty store.
public enum Bootstrap {
  /// Publishes the catalogue when none is published, and loads the demo organisations and
  /// guides when there are neither, saying so in the log.
  public static func prepare(
    _ store: any BookingStore, settings: ServiceSettings, now: Date, logger: Logger
  ) async throws {
    var catalogue = try await store.catalogue()
    if catalogue.journeys.isEmpty && catalogue.sites.isEmpty {
      catalogue = try CatalogueReader.read(directory: settings.catalogueDirectory)
      _ = try await store.publish(catalogue, at: now)
      logger.notice(
        "Empty store: published the catalogue from \(settings.catalogueDirectory) (\(catalogue.sites.count) sites, \(catalogue.journeys.count) journeys)"
      )
    }
    let hasGuides = try await !store.guides().isEmpty
    let hasOrganisations = try await !store.organisations().isEmpty
    if !hasGuides && !hasOrganisations {
      let demo = try DemoData.read(
        path: settings.demoDataPath, sites: Set(catalogue.sites.map(\.id)))
      for organisation in demo.organisations { try await store.save(organisation) }
      for guide in demo.guides { try await store.save(guide) }
      logger.notice(
        "Empty store: loaded demo data from \(settings.demoDataPath) (\(demo.guides.count) guides, organisations: \(demo.organisations.map(\.id.rawValue).joined(separator: ", ")))"
      )
    }
  }
}

extension BookingService {
  /// The booking service as both executables compose it from the settings: the store, the hold
  /// duration and the travel model of the configuration.
  public static func configured(
    store: any BookingStore, settings: ServiceSettings, clock: any WallClock = SystemClock()
  ) async throws -> BookingService {
    // Before the first publication there are no sites to check the pairs against.
    let sites = Set(try await store.catalogue().sites.map(\.id))
    let travel = try TravelFile.read(path: settings.travelPath, sites: sites.isEmpty ? nil : sites)
    return BookingService(
      store: store, clock: clock, holdDuration: TimeInterval(settings.holdHours * 3600),
      travel: travel)
  }
}
