/// A language a group, a guide, a site or a journey can use (ISO 639-1, lowercase: `fr`, `en`).
public struct Language: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public let code: String

  /// Creates a language from its two-letter code; anything else is refused.
  public init?(code: String) {
    let lower = code.lowercased()
    guard lower.count == 2, lower.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
    self.code = lower
  }

  public init(stringLiteral value: String) { self.code = value }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let language = Language(code: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected a two-letter language code, found \(text)")
    }
    self = language
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(code)
  }

  public var description: String { code }

  public static let french: Language = "fr"
  public static let english: Language = "en"

  public static func < (lhs: Language, rhs: Language) -> Bool { lhs.code < rhs.code }
}

/// A text written in French and English; French is the reference, English the translation.
public struct LocalizedText: Hashable, Sendable, Codable {
  public var fr: String
  public var en: String

  public init(fr: String, en: String) {
    self.fr = fr
    self.en = en
  }

  /// The text in `language`: English for `en`, French for everything else.
  public func text(in language: Language) -> String { language == .english ? en : fr }
}
