/// A typed identifier: a `Site.ID` cannot be passed where a `Guide.ID` is expected.
///
/// Identifiers are the stable, human-readable keys of the catalogue files (`loos-base-11-19`) or
/// generated keys for bookings; either way they travel as plain strings in JSON and SQL.
public struct Identifier<Owner>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The identifier as it is written in files, URLs and the database.
  public let rawValue: String

  /// Wraps a raw identifier.
  public init(_ rawValue: String) { self.rawValue = rawValue }

  /// Wraps a literal identifier, for tests and fixtures.
  public init(stringLiteral value: String) { self.rawValue = value }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
