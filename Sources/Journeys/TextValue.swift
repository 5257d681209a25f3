/// A value written as one string in JSON, files and SQL (`2027-05-12`, `09:30`, `fr`), whose
/// coding refuses text that does not parse instead of storing nonsense.
public protocol TextValue: Codable, CustomStringConvertible {
  /// Parses the text form; nil when it is not valid.
  init?(text: String)
  /// What the text form looks like, for error messages.
  static var textFormat: String { get }
}

extension TextValue {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Self(text: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected \(Self.textFormat), found \(text)")
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
