import Foundation

/// Reader of the OR-Library personnel task scheduling files (Krishnamoorthy, Ernst & Baatar):
/// `#` comments, `Type = 1`, `Jobs = n`, n lines `start end` (half-open), `Qualifications = W`,
/// then W lines `k: j1 … jk` listing the 0-based tasks each worker may take.
public enum RosterBenchmarkFile {
  /// What went wrong while reading a file.
  public struct ParseError: Error, Sendable, CustomStringConvertible {
    /// Line number (1-based) where reading stopped, 0 when the file ended early.
    public var line: Int
    /// What was expected.
    public var message: String
    /// A readable summary.
    public var description: String { "line \(line): \(message)" }
  }

  /// Reads a file from disk.
  public static func load(contentsOf url: URL) throws -> RosterProblem {
    try parse(String(contentsOf: url, encoding: .utf8))
  }

  /// Parses the text of a file.
  public static func parse(_ text: String) throws -> RosterProblem {
    // Keep line numbers for error messages; drop comments and blank lines.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
      .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
    var cursor = 0
    func next() throws -> (number: Int, text: String) {
      guard cursor < lines.count else { throw ParseError(line: 0, message: "unexpected end") }
      defer { cursor += 1 }
      return lines[cursor]
    }
    func header(_ name: String) throws -> Int {
      var line = try next()
      if line.text.lowercased().hasPrefix("type") { line = try next() }
      let parts = line.text.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, parts[0].lowercased() == name.lowercased(), let value = Int(parts[1]),
        value >= 0
      else { throw ParseError(line: line.number, message: "expected `\(name) = n`") }
      return value
    }
    func numbers(_ text: some StringProtocol, line: Int) throws -> [Int] {
      try text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map {
        guard let value = Int($0) else {
          throw ParseError(line: line, message: "`\($0)` is not an integer")
        }
        return value
      }
    }
    let jobCount = try header("Jobs")
    var tasks: [RosterTask] = []
    tasks.reserveCapacity(jobCount)
    for _ in 0..<jobCount {
      let line = try next()
      let values = try numbers(line.text, line: line.number)
      guard values.count == 2, values[0] <= values[1] else {
        throw ParseError(line: line.number, message: "expected `start end`")
      }
      tasks.append(RosterTask(start: values[0], end: values[1]))
    }
    let workerCount = try header("Qualifications")
    var workers: [RosterWorker] = []
    workers.reserveCapacity(workerCount)
    for _ in 0..<workerCount {
      let line = try next()
      let halves = line.text.split(separator: ":", maxSplits: 1)
      guard halves.count == 2, let count = Int(halves[0].trimmingCharacters(in: .whitespaces))
      else { throw ParseError(line: line.number, message: "expected `k: j1 … jk`") }
      let jobs = try numbers(halves[1], line: line.number)
      guard jobs.count == count, jobs.allSatisfy({ (0..<jobCount).contains($0) }) else {
        throw ParseError(line: line.number, message: "expected \(count) task indices < \(jobCount)")
      }
      workers.append(RosterWorker(eligibleTasks: jobs))
    }
    return RosterProblem(tasks: tasks, workers: workers)
  }
}
