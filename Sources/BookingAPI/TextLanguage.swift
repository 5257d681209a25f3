import Foundation
import Journeys

/// The language of the texts of a response: `?lang=` wins, then `Accept-Language`, then French.
enum TextLanguage {
  static func resolve(query: Components.Schemas.TextLanguage?, acceptLanguage: String?) -> Language
  {
    if let query { return Language(stringLiteral: query.rawValue) }
    return fromHeader(acceptLanguage)
  }

  /// The preferred of French and English in an `Accept-Language` header (RFC 9110 q-values).
  static func fromHeader(_ header: String?) -> Language {
    guard let header else { return .french }
    let ranked = header.split(separator: ",").enumerated().compactMap {
      index, item -> (tag: String, q: Double, index: Int)? in
      let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let tag = parts.first?.lowercased(), !tag.isEmpty else { return nil }
      let q =
        parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
      return (tag, q, index)
    }
    let best =
      ranked
      .filter { $0.q > 0 }
      .sorted { ($0.q, -$0.index) > ($1.q, -$1.index) }
      .first { $0.tag.hasPrefix("fr") || $0.tag.hasPrefix("en") }
    return best?.tag.hasPrefix("en") == true ? .english : .french
  }
}
