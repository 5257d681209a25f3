import Foundation

/// Reader for the KU Leuven TOPTW benchmark format (Solomon- and Cordeau-based instances), kept
/// in the library so that tests and tools read the public data exactly as the literature does.
public enum OrienteeringBenchmarkFile {
  /// How Euclidean distances are truncated; the published optima depend on it.
  public enum Rounding: Sendable, Hashable {
    /// Round down to 0.1 (Solomon files: c*, r*, rc*).
    case tenths
    /// Round down to 0.01 (Cordeau files: pr*).
    case hundredths
    /// Keep the exact distance, for experiments only.
    case exact
  }

  /// Why a file could not be read.
  public struct ParseError: Error, Sendable, CustomStringConvertible {
    /// Human-readable cause, naming the offending part of the file.
    public let description: String
  }

  /// The literature's rule: Cordeau files (name starting with `pr`) use hundredths, others tenths.
  public static func rounding(forFileName name: String) -> Rounding {
    let base = (name as NSString).lastPathComponent.lowercased()
    return base.hasPrefix("pr") ? .hundredths : .tenths
  }

  /// Parses a file's text into a problem with `tours` identical tours bounded by the depot window.
  ///
  /// The second header line (`D Q`) is optional in the wild and vertex lines carry a list whose
  /// length varies, so everything after the first line is read as a token stream.
  public static func parse(
    _ text: String, tours: Int, rounding: Rounding
  ) throws -> OrienteeringProblem {
    let lines = text.split(whereSeparator: \.isNewline)
      .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) }
      .filter { !$0.isEmpty }
    guard let header = lines.first, header.count >= 3, let declared = Int(header[2]) else {
      throw ParseError(description: "first line must be `k v N t`")
    }
    var body = lines.dropFirst()
    if let second = body.first, second.count <= 2 { body = body.dropFirst() }
    let tokens = body.flatMap { $0 }.map { String($0) }
    var cursor = 0
    func number() throws -> Double {
      guard cursor < tokens.count, let value = Double(tokens[cursor]) else {
        throw ParseError(description: "expected a number at token \(cursor) of the vertex list")
      }
      cursor += 1
      return value
    }
    struct Vertex { var x, y, service, profit, open, close: Double }
    var vertices: [Vertex] = []
    while cursor < tokens.count {
      _ = try number()
      let x = try number(), y = try number(), service = try number(), profit = try number()
      _ = try number()
      let listLength = Int(try number())
      guard listLength >= 0 else { throw ParseError(description: "negative list length") }
      for _ in 0..<listLength { _ = try number() }
      let open = try number(), close = try number()
      vertices.append(
        Vertex(x: x, y: y, service: service, profit: profit, open: open, close: close))
    }
    guard vertices.count == declared + 1 else {
      throw ParseError(description: "declared \(declared) vertices, found \(vertices.count - 1)")
    }
    let size = vertices.count
    var travel = [Double](repeating: 0, count: size * size)
    for i in 0..<size {
      for j in 0..<size where i != j {
        let dx = vertices[i].x - vertices[j].x
        let dy = vertices[i].y - vertices[j].y
        travel[i * size + j] = truncate((dx * dx + dy * dy).squareRoot(), rounding)
      }
    }
    let depot = vertices[0]
    let tour = OrienteeringTour(start: depot.open, end: depot.close)
    let places = vertices.dropFirst().map {
      OrienteeringPlace(
        profit: $0.profit, serviceDuration: $0.service,
        window: OrienteeringTimeWindow(open: $0.open, close: $0.close), tourCount: tours)
    }
    return OrienteeringProblem(
      places: places, tours: Array(repeating: tour, count: tours), travelTimes: travel)
  }

  /// Reads and parses a file, choosing the rounding from its name unless one is given.
  public static func load(
    path: String, tours: Int, rounding: Rounding? = nil
  ) throws -> OrienteeringProblem {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try parse(text, tours: tours, rounding: rounding ?? self.rounding(forFileName: path))
  }

  /// The tiny epsilon keeps distances that are exactly on the grid (e.g. 5.0) from dropping a
  /// step because sqrt returned 4.9999999; values are rebuilt from integers to stay on the grid.
  private static func truncate(_ value: Double, _ rounding: Rounding) -> Double {
    switch rounding {
    case .tenths: return (value * 10 + 1e-7).rounded(.down) / 10
    case .hundredths: return (value * 100 + 1e-7).rounded(.down) / 100
    case .exact: return value
    }
  }
}
