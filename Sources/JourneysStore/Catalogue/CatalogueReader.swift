import Foundation
import Journeys
import Yams

/// Reads the catalogue directory (`sites/*.yaml`, `journeys/*.yaml`) into domain values.
///
/// Every problem is reported with its file, line and column; a catalogue with any problem
/// yields no catalogue at all, so that a half-valid catalogue is never published.
public enum CatalogueReader {
  /// Reads and checks the catalogue under `directory`.
  public static func read(directory: String) throws(CatalogueErrors) -> Catalogue {
    let root = URL(fileURLWithPath: directory)
    var issues: [CatalogueIssue] = []
    var sites: [(Site, file: String)] = []
    var journeys: [(Journey, journeyFields: YAMLFields, stops: [Node])] = []

    let siteFiles = yamlFiles(in: root.appendingPathComponent("sites"), root: root, &issues)
    let journeyFiles = yamlFiles(in: root.appendingPathComponent("journeys"), root: root, &issues)
    issues += misplacedFiles(in: root)
    if siteFiles.isEmpty && journeyFiles.isEmpty && issues.isEmpty {
      issues.append(
        .init(
          file: directory, line: 0, column: 0, message: "no sites/*.yaml nor journeys/*.yaml here"))
    }
    // Site files that exist but could not be read, by name: their journeys' stops are not
    // "unknown sites", and saying so would send the reader looking for a file that is there.
    var unreadable: Set<String> = []
    for file in siteFiles {
      let fields = YAMLFields(file: file.relativePath(from: root))
      if let text = read(file, fields), let node = fields.document(text),
        let site = SiteFile.site(node, fields)
      {
        expectFileName(file, matches: site.id.rawValue, node: node, fields)
        sites.append((site, fields.file))
      } else {
        unreadable.insert(file.deletingPathExtension().lastPathComponent)
      }
      issues += fields.issues
    }
    for file in journeyFiles {
      let fields = YAMLFields(file: file.relativePath(from: root))
      if let text = read(file, fields), let node = fields.document(text),
        let (journey, stopNodes) = JourneyFile.journey(node, fields)
      {
        expectFileName(file, matches: journey.id.rawValue, node: node, fields)
        journeys.append((journey, fields, stopNodes))
      }
      issues += fields.issues
    }

    issues += duplicates(sites.map { ($0.0.id.rawValue, $0.file) }, kind: "site")
    let known = Dictionary(sites.map { ($0.0.id, $0.0) }, uniquingKeysWith: { a, _ in a })
    for (journey, fields, stopNodes) in journeys {
      let before = fields.issues.count
      JourneyFile.crossCheck(
        journey, stopNodes: stopNodes, sites: known, unreadable: unreadable, fields)
      issues += fields.issues.dropFirst(before)
    }
    issues += duplicates(
      journeys.map { ($0.0.id.rawValue, $0.journeyFields.file) }, kind: "journey")
    guard issues.isEmpty else { throw CatalogueErrors(issues: issues) }
    return Catalogue(sites: sites.map(\.0), journeys: journeys.map(\.0))
  }

  static func yamlFiles(in directory: URL, root: URL, _ issues: inout [CatalogueIssue]) -> [URL] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    } catch {
      return []
    }
    var files: [URL] = []
    let folder = directory.lastPathComponent
    for name in names.sorted() where !name.hasPrefix(".") {
      let url = directory.appendingPathComponent(name)
      if isCatalogueFile(name), !isDirectory(url) {
        files.append(url)
      } else {
        // A file the reader skips is a site or journey the admin meant to publish and that
        // would silently be missing: refuse, naming it (hidden files are an editor's own).
        issues.append(
          .init(
            file: url.relativePath(from: root), line: 0, column: 0,
            message: isDirectory(url)
              ? "a folder is not read: put its files directly in \(folder)/"
              : "not read: catalogue files end in .yaml or .yml (lower case); rename or remove it"
          ))
      }
    }
    return files
  }

  /// Catalogue files outside `sites/` and `journeys/`, which would be skipped unread.
  static func misplacedFiles(in root: URL) -> [CatalogueIssue] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") && isCatalogueFile($0.lowercased()) }.map {
      .init(
        file: root.appendingPathComponent($0).relativePath(from: root), line: 0, column: 0,
        message: "not read: a site goes in sites/, a journey in journeys/")
    }
  }

  static func isCatalogueFile(_ name: String) -> Bool {
    name.hasSuffix(".yaml") || name.hasSuffix(".yml")
  }

  static func isDirectory(_ url: URL) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory)
      && directory.boolValue
  }

  static func read(_ file: URL, _ fields: YAMLFields) -> String? {
    guard let data = FileManager.default.contents(atPath: file.path) else {
      fields.report(line: 0, column: 0, "cannot read the file")
      return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
      fields.report(line: 0, column: 0, "the file is not UTF-8 text")
      return nil
    }
    return text
  }

  static func expectFileName(_ file: URL, matches id: String, node: Node, _ fields: YAMLFields) {
    let stem = file.deletingPathExtension().lastPathComponent
    if stem != id {
      fields.report(node.mapping?["id"], "the id “\(id)” does not match the file name “\(stem)”")
    }
  }

  /// An id given in two files, reported at each file after the first, naming it.
  static func duplicates(_ ids: [(id: String, file: String)], kind: String) -> [CatalogueIssue] {
    Dictionary(grouping: ids, by: \.id).filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
      .flatMap { id, uses in
        uses.dropFirst().map {
          CatalogueIssue(
            file: $0.file, line: 1, column: 1,
            message: "\(kind) id “\(id)” is also the id of \(uses[0].file)")
        }
      }
  }
}

extension URL {
  /// The path below `root`, prefixed with the root's own path as given (for messages).
  func relativePath(from root: URL) -> String {
    let base = root.standardizedFileURL.path
    let full = standardizedFileURL.path
    guard full.hasPrefix(base + "/") else { return full }
    return root.relativePath + "/" + full.dropFirst(base.count + 1)
  }
}
