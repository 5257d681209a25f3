import Foundation

/// A bearer token as stored: never the secret itself, only its hash, so that a copy of the
/// database gives no one access.
public struct AccessToken: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<AccessToken>

  /// A public name for the token (`tok-…`), to list and revoke it.
  public var id: ID
  public var role: Principal.Role
  /// The organisation or guide id; the admin's name for an admin token.
  public var subject: String
  /// The hex SHA-256 of the secret the holder sends.
  public var secretHash: String
  public var createdAt: Date
  public var revokedAt: Date?

  public init(
    id: ID, role: Principal.Role, subject: String, secretHash: String, createdAt: Date,
    revokedAt: Date? = nil
  ) {
    self.id = id
    self.role = role
    self.subject = subject
    self.secretHash = secretHash
    self.createdAt = createdAt
    self.revokedAt = revokedAt
  }

  /// Who the token stands for.
  public var principal: Principal { Principal(role: role, subject: subject) }

  /// Whether the token still opens the door.
  public var isRevoked: Bool { revokedAt != nil }
}
