import Crypto
import Foundation
import Journeys

/// Bearer tokens: made from 160 random bits, stored as their SHA-256 only.
public enum TokenSecrets {
  /// A new token for `role` and `subject`, and the secret to hand over once (`va_` and 32
  /// base-32 characters). Only the token — the secret's hash — is to be stored.
  public static func issue(role: Principal.Role, subject: String, at now: Date)
    -> (token: AccessToken, secret: String)
  {
    let secret = "va_" + RandomBookingIdentifiers.text(32)
    let token = AccessToken(
      id: AccessToken.ID("tok-" + RandomBookingIdentifiers.text(10)), role: role, subject: subject,
      secretHash: hash(secret), createdAt: now)
    return (token, secret)
  }

  /// The lowercase hex SHA-256 of `secret`, as stored and looked up.
  public static func hash(_ secret: String) -> String {
    hex(SHA256.hash(data: Data(secret.utf8)))
  }

  static func hex(_ digest: some Sequence<UInt8>) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
  }
}

/// How webhook calls are signed, so that an organisation can tell them from forgeries and
/// replays: `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
public enum WebhookSignature {
  public static func header(payload: String, secret: String, at now: Date) -> String {
    let timestamp = Int(now.timeIntervalSince1970)
    let mac = HMAC<SHA256>.authenticationCode(
      for: Data("\(timestamp).\(payload)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
    return "t=\(timestamp),v1=\(TokenSecrets.hex(mac))"
  }
}
