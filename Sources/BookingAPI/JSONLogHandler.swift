import Foundation
import Logging
import Synchronization

/// Logs one JSON object per line on standard output (`log.format: json`), for log collectors:
/// `{"ts":…,"level":…,"label":…,"message":…}` and the metadata (`request_id`, `route`, …) as
/// fields of their own.
struct JSONLogHandler: LogHandler {
  let label: String
  var logLevel: Logger.Level = .info
  var metadata: Logger.Metadata = [:]
  /// Lines from concurrent tasks must not interleave.
  private static let output = Mutex(())

  init(label: String) { self.label = label }

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    var fields: [String: String] = [:]
    for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
      fields[key] = "\(value)"
    }
    fields["ts"] = Date().formatted(.iso8601)
    fields["level"] = event.level.rawValue
    fields["label"] = label
    fields["message"] = "\(event.message)"
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(fields) else { return }
    Self.output.withLock { _ in
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
  }
}
