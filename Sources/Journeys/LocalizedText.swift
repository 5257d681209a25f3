import Foundation

/// A language a group, a guide, a site or a journey can use (ISO 639-1, lowercase: `fr`, `en`).
public struct Language: Hashable, Comparable, Sendable, TextValue, ExpressibleByStringLiteral {
  public let code: String

  /// Creates a language from its two-letter code; anything else is refused.
  public init?(code: String) {
    let lower = code.lowercased()
    guard lower.count == 2, lower.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
    self.code = lower
  }

  public init(stringLiteral value: String) { self.code = value }

  /// Parses the text form, for `TextValue`'s coding.
  public init?(text: String) { self.init(code: text) }

  public static let textFormat = "a two-letter language code"

  public var description: String { code }

  public static let french: Language = "fr"
  public static let english: Language = "en"

  public static func < (lhs: Language, rhs: Language) -> Bool { lhs.code < rhs.code }

  /// Whether the code names a language (ISO 639-1, as Foundation knows them): `zz` is two
  /// letters but no language anyone can be received in.
  public var isKnown: Bool { Self.known.contains(code) }

  private static let known = Set(
    Locale.LanguageCode.isoLanguageCodes.map(\.identifier).filter { $0.count == 2 })
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
