import ArgumentParser
import Foundation
import Journeys

extension BenchCommand {
  struct Orienteering: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "optw",
      abstract: "The journey assembler's solver on standard TOPTW instances.",
      discussion: """
        With FILE and --tours: solves one instance (KU Leuven format; travel rounded down to \
        0.1 for Solomon files, 0.01 for Cordeau pr* files) and, with --json, prints \
        {"instance", "tours", "score", "routes", "seconds"}, the routes in visiting order \
        without the depot. With --all DIR --best-known TSV: runs every row of the table and \
        prints score, best known, gap and seconds, then the averages. Every route is checked \
        by an independent feasibility check; an infeasible route fails the command.
        """)

    @Argument(help: "An instance file.") var file: String?
    @Option(help: "Number of tours (days).") var tours: Int?
    @Option(help: "Seconds of search per instance and tour count.") var seconds: Double = 1.9
    @Option(help: "Seed of the search.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Run every row of --best-known with the instances of this directory.")
    var all: String?
    @Option(help: "The table of best known results (instance, m, best_known).")
    var bestKnown: String?

    func validate() throws {
      if all == nil {
        guard file != nil, let tours, tours >= 1 else {
          throw ValidationError("give FILE --tours M, or --all DIR --best-known TSV")
        }
      } else if bestKnown == nil {
        throw ValidationError("--all needs --best-known TSV")
      }
      guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
      if let all, let bestKnown { return try table(directory: all, bestKnown: bestKnown) }
      guard let file, let tours else { return }
      let problem = try OrienteeringBenchmarkFile.load(path: file, tours: tours)
      let solution = solve(problem)
      try Self.check(problem, solution, file)
      let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
      if json {
        let routes = solution.routes.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }
        print(
          #"{"instance": "\#(name)", "tours": \#(tours), "score": \#(Self.number(solution.score)), "#
            + #""routes": [\#(routes.joined(separator: ", "))], "seconds": "#
            + String(format: "%.3f", solution.elapsedSeconds) + "}")
      } else {
        print(
          "\(name) m=\(tours): score \(Self.number(solution.score)) in "
            + String(format: "%.2f s (%d iterations)", solution.elapsedSeconds, solution.iterations)
        )
        for route in solution.routes { print("  " + route.map(String.init).joined(separator: " ")) }
      }
    }

    func solve(_ problem: OrienteeringProblem) -> OrienteeringSolution {
      OrienteeringSolver.solve(problem, options: .init(seed: seed, timeLimit: seconds))
    }

    static func check(
      _ problem: OrienteeringProblem, _ solution: OrienteeringSolution, _ name: String
    )
      throws
    {
      let issues = OrienteeringSolution.check(problem: problem, routes: solution.routes)
      guard issues.isEmpty else {
        throw AdminError("\(name): infeasible routes:\n" + issues.joined(separator: "\n"))
      }
    }

    static func number(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }

    func table(directory: String, bestKnown: String) throws {
      let rows = try String(contentsOfFile: bestKnown, encoding: .utf8)
        .split(whereSeparator: \.isNewline).dropFirst()
        .map { $0.split(separator: "\t").map(String.init) }
        .filter { $0.count >= 3 }
      var gaps: [Double] = []
      var reached = 0
      var slowest = 0.0
      print("instance\tm\tscore\tbest\tgap %\tseconds")
      for row in rows {
        guard let tours = Int(row[1]), let known = Double(row[2]) else {
          throw AdminError("\(bestKnown): unreadable row \(row.joined(separator: " "))")
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(row[0] + ".txt").path
        let problem = try OrienteeringBenchmarkFile.load(path: path, tours: tours)
        let solution = solve(problem)
        try Self.check(problem, solution, row[0])
        let gap = (known - solution.score) / known * 100
        gaps.append(gap)
        if solution.score >= known - 1e-9 { reached += 1 }
        slowest = max(slowest, solution.elapsedSeconds)
        print(
          "\(row[0])\t\(tours)\t\(Self.number(solution.score))\t\(Self.number(known))\t"
            + String(format: "%.2f\t%.2f", gap, solution.elapsedSeconds))
      }
      let average = gaps.reduce(0, +) / Double(max(1, gaps.count))
      print(
        String(
          format: "%d rows: average gap %.2f %%, best known reached on %d (%.0f %%), "
            + "slowest %.2f s, every route feasible",
          gaps.count, average, reached, 100 * Double(reached) / Double(max(1, gaps.count)), slowest)
      )
    }
  }
}
