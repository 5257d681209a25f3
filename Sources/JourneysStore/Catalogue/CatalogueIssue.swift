/// A problem found in a catalogue or configuration file, with where it is.
public struct CatalogueIssue: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  /// 1-based line and column; 0 when the problem concerns the whole file.
  public var line: Int
  public var column: Int
  public var message: String

  public init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: message`, the form editors and CI logs link to.
  /// `file:line:column: message`, or `file: message` for the file as a whole (line 0).
  public var description: String {
    line == 0 ? "\(file): \(message)" : "\(file):\(line):\(column): \(message)"
  }
}

/// Every problem found in a set of files; nothing is published while there is one.
public struct CatalogueErrors: Error, Hashable, Sendable, CustomStringConvertible {
  public var issues: [CatalogueIssue]

  public init(issues: [CatalogueIssue]) { self.issues = issues }

  public var description: String {
    let count = issues.count == 1 ? "1 error" : "\(issues.count) errors"
    return "\(count):\n" + issues.map(\.description).joined(separator: "\n")
  }
}
