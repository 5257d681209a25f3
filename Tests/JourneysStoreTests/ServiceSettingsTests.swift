import Foundation
import JourneysStore
import StoreTestSupport
import Testing

@Suite("settings: file < environment < command line")
struct ServiceSettingsTests {
  @Test func theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try directory.write(
      "journeys.yaml", "http:\n  port: 9000\nlog:\n  format: json\nauth:\n  failuresPerMinute: 3\n")
    let fromFile = try await ServiceSettings.load(file: file, environment: [:])
    #expect(fromFile.port == 9000 && fromFile.logFormat == "json")
    #expect(fromFile.authFailuresPerMinute == 3)
    #expect(fromFile.holdHours == ServiceSettings.defaults.holdHours)
    let fromEnvironment = try await ServiceSettings.load(
      file: file, environment: ["JOURNEYS_HTTP_PORT": "9100", "JOURNEYS_LOG_FORMAT": "text"])
    #expect(fromEnvironment.port == 9100 && fromEnvironment.logFormat == "text")
    let fromCommandLine = try await ServiceSettings.load(
      commandLine: [ServiceSettings.Key.port: "9200"], file: file,
      environment: ["JOURNEYS_HTTP_PORT": "9100"])
    #expect(fromCommandLine.port == 9200)
  }

  @Test func aValueOutOfRangeStopsTheStartWithItsKey() async throws {
    for (variable, value, key) in [
      ("JOURNEYS_LOG_FORMAT", "xml", ServiceSettings.Key.logFormat),
      ("JOURNEYS_LOG_LEVEL", "loud", ServiceSettings.Key.logLevel),
      ("JOURNEYS_AUTH_FAILURES_PER_MINUTE", "0", ServiceSettings.Key.authFailuresPerMinute),
    ] {
      await #expect {
        _ = try await ServiceSettings.load(environment: [variable: value])
      } throws: { "\($0)".contains(key) }
    }
  }

  @Test func aConfigurationFileNamedButMissingStopsTheStartRatherThanUseDefaults() async throws {
    await #expect(throws: SettingsError.missingFile("/nonexistent/journeys.yaml")) {
      _ = try await ServiceSettings.load(file: "/nonexistent/journeys.yaml", environment: [:])
    }
    // Unnamed, the default file is read when it is there and skipped when it is not.
    let defaults = try await ServiceSettings.load(environment: [:])
    #expect(defaults.holdHours >= 1)
  }
}
