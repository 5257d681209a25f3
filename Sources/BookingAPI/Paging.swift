import Crypto
import Foundation
import Journeys

/// Cursor paging over a list in a fixed order: the cursor names the last item of the previous
/// page (base64url, opaque to clients), so that items added meanwhile neither repeat nor
/// shift the pages already read.
enum Paging {
  static let defaultLimit = 50
  static let limits = 1...200

  /// The page size asked for, 50 by default; outside 1…200 a bad request (the generated code
  /// does not enforce the contract's bounds).
  static func limit(_ asked: Int?) throws -> Int {
    guard let asked else { return defaultLimit }
    guard limits.contains(asked) else {
      throw InvalidRequest(
        field: "limit",
        message: .init(
          fr: "La taille de page va de 1 à 200.", en: "The page size is from 1 to 200."))
    }
    return asked
  }

  /// The page of `items` after `cursor`, and the cursor of the next page (nil on the last).
  static func page<T>(
    _ items: [T], key: (T) -> String, limit: Int?, cursor: String?
  ) throws -> (items: [T], next: String?) {
    let limit = try self.limit(limit)
    var start = 0
    if let cursor {
      let last = try decode(cursor)
      guard let index = items.firstIndex(where: { key($0) == last }) else {
        throw InvalidRequest.cursor
      }
      start = index + 1
    }
    let end = min(items.count, start + limit)
    let page = Array(items[start..<end])
    return (page, end < items.count ? page.last.map { encode(key($0)) } : nil)
  }

  static func encode(_ key: String) -> String {
    Data(key.utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  static func decode(_ cursor: String) throws -> String {
    var base64 = cursor.replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8)
    else { throw InvalidRequest.cursor }
    return key
  }
}

/// Entity tags of catalogue reads: a digest of what is sent, so that any change of the
/// published catalogue (or of the language asked for) gives another tag.
enum EntityTag {
  static func of(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let digest = SHA256.hash(data: try encoder.encode(value))
    return "\"" + digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
  }

  /// The tag of `body`, and whether `ifNoneMatch` already names it (answer 304 then).
  static func check(_ body: some Encodable, ifNoneMatch: String?) throws -> (
    tag: String, notModified: Bool
  ) {
    let tag = try of(body)
    return (tag, matches(ifNoneMatch: ifNoneMatch, tag))
  }

  /// Whether `If-None-Match` names `tag` (weak comparison, as RFC 9110 asks for GET).
  static func matches(ifNoneMatch header: String?, _ tag: String) -> Bool {
    guard let header else { return false }
    return header.split(separator: ",").contains { candidate in
      let trimmed = candidate.trimmingCharacters(in: .whitespaces)
      return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
    }
  }
}

extension InvalidRequest {
  static let cursor = InvalidRequest(
    field: "cursor",
    message: .init(
      fr: "Ce curseur ne vient pas de la page précédente de cette liste.",
      en: "This cursor does not come from the previous page of this list."))
}
