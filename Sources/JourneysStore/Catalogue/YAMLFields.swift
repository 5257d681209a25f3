import Journeys
import Yams

/// Reads typed values out of a composed YAML document, recording each problem with its position
/// instead of stopping at the first one, so that a reviewer sees every mistake in one run.
final class YAMLFields {
  let file: String
  private(set) var issues: [CatalogueIssue] = []

  init(file: String) { self.file = file }

  /// Parses `text`; a syntax error becomes an issue and the result is nil.
  func document(_ text: String) -> Node? {
    do {
      guard let root = try Yams.compose(yaml: text) else {
        report(line: 1, column: 1, "the file is empty")
        return nil
      }
      return root
    } catch let error as YamlError {
      switch error {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        report(
          line: mark.line, column: mark.column,
          "YAML syntax: \(problem)\(Self.hint(text, line: mark.line, problem: problem))")
      case .duplicatedKeysInMapping(let duplicates, let context):
        let keys = duplicates.sorted().joined(separator: ", ")
        report(line: context.mark.line, column: context.mark.column, "duplicate key: \(keys)")
      default:
        report(line: 1, column: 1, "YAML error: \(error)")
      }
      return nil
    } catch {
      report(line: 1, column: 1, "YAML error: \(error)")
      return nil
    }
  }

  /// What the parser's words usually mean, for a reviewer who does not read YAML grammar: a
  /// tab where YAML wants spaces, or a line indented unlike its neighbours.
  static func hint(_ text: String, line: Int, problem: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let index = line - 1
    if lines.indices.contains(index), lines[index].contains("\t") {
      return " (line \(line) holds a tab: YAML indents with spaces only)"
    }
    if problem.contains("mapping values are not allowed")
      || problem.contains("did not find expected key")
    {
      return " (check the indentation of this line against the lines above it)"
    }
    return ""
  }

  func report(_ node: Node?, _ message: String) {
    report(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message)
  }

  func report(line: Int, column: Int, _ message: String) {
    issues.append(CatalogueIssue(file: file, line: line, column: column, message: message))
  }

  /// The mapping at `node`, checking that it has no key outside `allowed` (a typo in a key
  /// would otherwise be silently ignored).
  func mapping(_ node: Node?, _ what: String, allowed: Set<String>) -> Node.Mapping? {
    guard let node else { return nil }
    guard let map = node.mapping else {
      report(node, "expected \(what) (a mapping of keys to values)")
      return nil
    }
    for key in map.keys {
      guard let name = key.string, allowed.contains(name) else {
        let expected = allowed.sorted().joined(separator: ", ")
        report(key, "unknown key “\(key.string ?? "?")” in \(what); expected one of: \(expected)")
        continue
      }
    }
    return map
  }

  /// The value of a key that must be present.
  func required(_ map: Node.Mapping?, _ key: String, in parent: Node?) -> Node? {
    guard let map else { return nil }
    guard let value = map[key], !isNull(value) else {
      report(parent, "missing required key “\(key)”")
      return nil
    }
    return value
  }

  /// The value of a key that may be absent or null.
  func optional(_ map: Node.Mapping?, _ key: String) -> Node? {
    guard let value = map?[key], !isNull(value) else { return nil }
    return value
  }

  func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node else { return false }
    return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  func string(_ node: Node?, _ what: String) -> String? {
    guard let node else { return nil }
    guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
      report(node, "expected \(what) (text)")
      return nil
    }
    return scalar.string
  }

  func int(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int? {
    guard let node else { return nil }
    guard let value = node.scalar.flatMap({ Int($0.string) }) else {
      report(node, "expected \(what) (a whole number), found “\(node.string ?? "?")”")
      return nil
    }
    guard range.contains(value) else {
      report(
        node, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
      return nil
    }
    return value
  }

  func double(_ node: Node?, _ what: String, in range: ClosedRange<Double>) -> Double? {
    guard let node else { return nil }
    guard let value = node.scalar.flatMap({ Double($0.string) }), range.contains(value) else {
      report(
        node,
        "expected \(what) (a number from \(range.lowerBound) to \(range.upperBound)), found “\(node.string ?? "?")”"
      )
      return nil
    }
    return value
  }

  func bool(_ node: Node?, _ what: String) -> Bool? {
    guard let node else { return nil }
    switch node.scalar?.string {
    case "true": return true
    case "false": return false
    default:
      report(node, "expected \(what) (true or false), found “\(node.string ?? "?")”")
      return nil
    }
  }

  func list(_ node: Node?, _ what: String) -> [Node]? {
    guard let node else { return nil }
    guard let sequence = node.sequence else {
      report(node, "expected \(what) (a list)")
      return nil
    }
    return Array(sequence)
  }

  /// A value read by a domain parser (`LocalTime("09:30")`), with the format named on failure.
  func parsed<T>(_ node: Node?, _ what: String, format: String, _ parse: (String) -> T?) -> T? {
    guard let text = string(node, what) else { return nil }
    guard let value = parse(text) else {
      report(node, "expected \(what) as \(format), found “\(text)”")
      return nil
    }
    return value
  }

  func enumeration<T: RawRepresentable & CaseIterable>(_ node: Node?, _ what: String) -> T?
  where T.RawValue == String {
    parsed(
      node, what, format: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "),
      T.init(rawValue:))
  }

  func languages(_ node: Node?) -> [Language]? {
    list(node, "languages")?.compactMap {
      parsed($0, "a language", format: "a two-letter code such as fr or en", Language.init(code:))
    }
  }

  func themes(_ node: Node?) -> [Theme]? {
    list(node, "themes")?.compactMap { enumeration($0, "a theme") }
  }

  func localized(_ node: Node?, _ what: String) -> LocalizedText? {
    guard let node, let map = mapping(node, what, allowed: ["fr", "en"]) else { return nil }
    guard let fr = string(required(map, "fr", in: node), "\(what) in French"),
      let en = string(required(map, "en", in: node), "\(what) in English")
    else { return nil }
    return LocalizedText(fr: fr, en: en)
  }
}
