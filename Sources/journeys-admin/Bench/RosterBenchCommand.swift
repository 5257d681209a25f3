import ArgumentParser
import Foundation
import Journeys

extension BenchCommand {
  struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ptsp",
      abstract: "The guide planner's solver on personnel task scheduling instances.",
      discussion: """
        Shift-minimisation personnel task scheduling (OR-Library format). With FILE: solves it \
        and, with --json, prints {"instance", "workersUsed", "assignment", "seconds"}, the \
        worker index of each task in file order, after an independent check (every task \
        given to a qualified worker, no worker with two overlapping tasks, half-open). With \
        --all DIR --reference TSV: every file of the table, beside its bounds.
        """)

    @Argument(help: "An instance file.") var file: String?
    @Option(help: "Seconds of search.") var seconds: Double = 10
    @Option(help: "Seed of the search.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Run every file of --reference found in this directory.") var all: String?
    @Option(help: "The table of bounds (instance, tasks, workers, lower bound, …).")
    var reference: String?

    func validate() throws {
      guard (file != nil) != (all != nil) else {
        throw ValidationError("give FILE, or --all DIR --reference TSV")
      }
      if all != nil, reference == nil { throw ValidationError("--all needs --reference TSV") }
      guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
      if let all, let reference { return try table(all, reference) }
      guard let file else { return }
      let url = URL(fileURLWithPath: file)
      let (problem, solution) = try solve(url)
      let name = url.deletingPathExtension().lastPathComponent
      if json {
        let workers = solution.assignment.workerOfTask.map { String($0 ?? -1) }
        print(
          #"{"instance": "\#(name)", "workersUsed": \#(solution.assignment.workersUsed), "#
            + #""assignment": [\#(workers.joined(separator: ", "))], "seconds": "#
            + String(format: "%.3f", solution.elapsed) + "}")
      } else {
        print(
          "\(name): \(problem.tasks.count) tasks, \(solution.assignment.workersUsed) workers "
            + "(lower bound \(solution.lowerBound)) in "
            + String(format: "%.2f s", solution.elapsed))
      }
    }

    /// Solves a file and refuses to report an answer that the independent check rejects.
    func solve(_ url: URL) throws -> (RosterProblem, RosterSolution) {
      let problem = try RosterBenchmarkFile.load(contentsOf: url)
      let solution = RosterSolver.solve(problem, options: .init(seed: seed, timeLimit: seconds))
      let issues = RosterSolver.check(problem, solution.assignment)
      guard issues.isEmpty, solution.unassigned.isEmpty else {
        throw AdminError(
          "\(url.lastPathComponent): invalid answer: "
            + (issues + solution.unassigned.map { "task \($0.task) unassigned" })
            .prefix(10).joined(separator: "; "))
      }
      return (problem, solution)
    }

    func table(_ directory: String, _ reference: String) throws {
      let rows = try String(contentsOfFile: reference, encoding: .utf8)
        .split(whereSeparator: \.isNewline).map { $0.split(separator: "\t").map(String.init) }
      guard let header = rows.first else { throw AdminError("\(reference) is empty") }
      print((header + ["ours", "seconds"]).joined(separator: "\t"))
      for row in rows.dropFirst() where !row.isEmpty {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(row[0] + ".dat")
        let (_, solution) = try solve(url)
        print(
          (row + [
            String(solution.assignment.workersUsed), String(format: "%.2f", solution.elapsed),
          ])
          .joined(separator: "\t"))
      }
    }
  }
}
