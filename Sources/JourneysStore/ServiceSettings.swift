import Configuration
import Foundation

/// What both executables need to know: where the store is, the catalogue, the HTTP address.
///
/// Read from, in order of precedence: the command line, the environment (`JOURNEYS_` prefix:
/// `JOURNEYS_HTTP_PORT`, `JOURNEYS_DATABASE`), the YAML file (`config/journeys.yaml` by
/// default), then built-in defaults. A value of the wrong type is an error, not a silent default.
public struct ServiceSettings: Sendable, Equatable {
  public var host: String
  public var port: Int
  /// A SQLite file path (the embedded default).
  public var database: String
  public var catalogueDirectory: String
  public var demoDataPath: String
  public var travelPath: String
  public var holdHours: Int
  public var logLevel: String
  /// `text` (one readable line per event) or `json` (one JSON object per line).
  public var logFormat: String
  /// Failed authentications one address may make per minute before it gets 429.
  public var authFailuresPerMinute: Int

  /// The defaults, which run the service on a fresh clone from its root.
  public static let defaults = ServiceSettings(
    host: "127.0.0.1", port: 8080, database: "var/journeys.sqlite",
    catalogueDirectory: "itineraries", demoDataPath: "config/demo.yaml",
    travelPath: "config/travel.yaml", holdHours: 48,
    logLevel: "info", logFormat: "text", authFailuresPerMinute: 10)

  public init(
    host: String, port: Int, database: String, catalogueDirectory: String, demoDataPath: String,
    travelPath: String, holdHours: Int, logLevel: String, logFormat: String,
    authFailuresPerMinute: Int
  ) {
    self.host = host
    self.port = port
    self.database = database
    self.catalogueDirectory = catalogueDirectory
    self.demoDataPath = demoDataPath
    self.travelPath = travelPath
    self.holdHours = holdHours
    self.logLevel = logLevel
    self.logFormat = logFormat
    self.authFailuresPerMinute = authFailuresPerMinute
  }

  /// The configuration file read when none is named, if it exists.
  public static let defaultFile = "config/journeys.yaml"

  /// The configuration keys, as written in the YAML file (dotted paths).
  public enum Key {
    public static let host = "http.host"
    public static let port = "http.port"
    public static let database = "database"
    public static let catalogue = "catalogue.directory"
    public static let demo = "demo.path"
    public static let travel = "travel.path"
    public static let holdHours = "booking.holdHours"
    public static let logLevel = "log.level"
    public static let logFormat = "log.format"
    public static let authFailuresPerMinute = "auth.failuresPerMinute"
  }

  /// Loads the settings.
  /// - Parameters:
  ///   - commandLine: values given as options, by key; they win over everything else.
  ///   - file: the YAML file named by the operator, which must exist; nil reads `defaultFile`
  ///     if it is there. A malformed file is an error either way.
  ///   - environment: the environment to read, the process's by default.
  public static func load(
    commandLine: [String: String] = [:], file: String? = nil,
    environment: [String: String]? = nil
  ) async throws -> ServiceSettings {
    // A mistyped --config must not quietly fall back to the defaults: commands would then
    // write to a new, empty database where the operator meant another.
    if let file, !FileManager.default.fileExists(atPath: file) {
      throw SettingsError.missingFile(file)
    }
    let d = defaults
    var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in commandLine {
      overrides[AbsoluteConfigKey(stringLiteral: key)] = ConfigValue(
        Int(value).map { .int($0) } ?? .string(value), isSecret: false)
    }
    let variables = environment ?? ProcessInfo.processInfo.environment
    let env = EnvironmentVariablesProvider(environmentVariables: variables)
    // JOURNEYS_DATABASE_URL is the name operators expect for a PostgreSQL URL.
    var aliases: [AbsoluteConfigKey: ConfigValue] = [:]
    if let url = variables["JOURNEYS_DATABASE_URL"], variables["JOURNEYS_DATABASE"] == nil {
      aliases[AbsoluteConfigKey(stringLiteral: Key.database)] = .init(.string(url), isSecret: true)
    }
    let reader = ConfigReader(providers: [
      InMemoryProvider(name: "command line", values: overrides),
      InMemoryProvider(name: "environment aliases", values: aliases),
      env.prefixKeys(with: "journeys"),
      try await FileProvider<YAMLSnapshot>(
        filePath: .init(file ?? defaultFile), allowMissing: true),
      InMemoryProvider(
        name: "defaults",
        values: [
          AbsoluteConfigKey(stringLiteral: Key.host): .init(.string(d.host), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.port): .init(.int(d.port), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.database): .init(
            .string(d.database), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.catalogue): .init(
            .string(d.catalogueDirectory), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.demo): .init(
            .string(d.demoDataPath), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.travel): .init(
            .string(d.travelPath), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.holdHours): .init(
            .int(d.holdHours), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.logLevel): .init(
            .string(d.logLevel), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.logFormat): .init(
            .string(d.logFormat), isSecret: false),
          AbsoluteConfigKey(stringLiteral: Key.authFailuresPerMinute): .init(
            .int(d.authFailuresPerMinute), isSecret: false),
        ]),
    ])
    let settings = ServiceSettings(
      host: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.host)),
      port: try reader.requiredInt(forKey: ConfigKey(stringLiteral: Key.port)),
      database: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.database)),
      catalogueDirectory: try reader.requiredString(
        forKey: ConfigKey(stringLiteral: Key.catalogue)),
      demoDataPath: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.demo)),
      travelPath: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.travel)),
      holdHours: try reader.requiredInt(forKey: ConfigKey(stringLiteral: Key.holdHours)),
      logLevel: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.logLevel)),
      logFormat: try reader.requiredString(forKey: ConfigKey(stringLiteral: Key.logFormat)),
      authFailuresPerMinute: try reader.requiredInt(
        forKey: ConfigKey(stringLiteral: Key.authFailuresPerMinute)))
    guard (0...65535).contains(settings.port) else {
      throw SettingsError.invalid(key: Key.port, "must be between 0 and 65535")
    }
    guard settings.holdHours >= 1 else {
      throw SettingsError.invalid(key: Key.holdHours, "must be at least 1")
    }
    guard ["text", "json"].contains(settings.logFormat) else {
      throw SettingsError.invalid(key: Key.logFormat, "must be text or json")
    }
    guard
      ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(
        settings.logLevel)
    else {
      throw SettingsError.invalid(
        key: Key.logLevel, "must be trace, debug, info, notice, warning, error or critical")
    }
    guard settings.authFailuresPerMinute >= 1 else {
      throw SettingsError.invalid(key: Key.authFailuresPerMinute, "must be at least 1")
    }
    return settings
  }
}

/// A setting that cannot be used.
public enum SettingsError: Error, Hashable, Sendable, CustomStringConvertible {
  case invalid(key: String, String)
  /// A configuration file named explicitly is not there.
  case missingFile(String)

  public var description: String {
    switch self {
    case .invalid(let key, let why): "setting \(key) \(why)"
    case .missingFile(let path):
      "no configuration file at \(path): is the path right? (without --config, \(ServiceSettings.defaultFile) is read if it exists)"
    }
  }
}
