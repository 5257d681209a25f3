import ArgumentParser
import Foundation
import Testing

@testable import journeys_admin

@Suite("journeys-admin bench ptsp")
struct RosterBenchCommandTests {
  @Test func aFileIsSolvedCheckedAndPrinted() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("ptsp-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    // Tasks 0 and 1 overlap; task 2 follows task 0 exactly (half-open intervals).
    try """
    # tiny
    Type = 1
    Jobs = 3
      0 10
      5 15
      10 20
    Qualifications = 2
    3: 0 1 2
    2: 1 2
    """.write(to: directory.appendingPathComponent("tiny.dat"), atomically: true, encoding: .utf8)
    try await admin([
      "bench", "ptsp", directory.appendingPathComponent("tiny.dat").path, "--seconds", "0.2",
      "--json",
    ])
    try "instance\ttasks\tworkers\tlower_bound\ntiny\t3\t2\t2\n".write(
      to: directory.appendingPathComponent("reference.tsv"), atomically: true, encoding: .utf8)
    try await admin([
      "bench", "ptsp", "--all", directory.path, "--reference",
      directory.appendingPathComponent("reference.tsv").path, "--seconds", "0.2",
    ])
  }
}
