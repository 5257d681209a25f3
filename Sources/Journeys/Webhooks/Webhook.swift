import Foundation

/// An organisation's endpoint for booking events, and the secret that signs them.
public struct Webhook: Hashable, Sendable, Codable {
  /// An `https://` (or, for local tests, `http://`) URL.
  public var url: String
  /// The key of the HMAC-SHA256 signature (`Webhook-Signature`); shared with the organisation.
  public var secret: String

  public init(url: String, secret: String) {
    self.url = url
    self.secret = secret
  }

  /// Whether `url` is one events may be sent to: `https://`, or `http://` to this machine only
  /// (a local test endpoint): booking details and signatures do not cross a network in clear.
  public static func isAcceptable(_ url: String) -> Bool {
    guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else {
      return false
    }
    switch parsed.scheme?.lowercased() {
    case "https": return true
    case "http":
      let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
      return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    default: return false
    }
  }

  /// The audit actions organisations hear of, and the event each one is delivered as.
  public static func event(forAuditAction action: String) -> String? {
    switch action {
    case "booking.confirmed", "booking.cancelled", "booking.expired", "booking.changed":
      action
    case "booking.guides_changed": "booking.changed"
    default: nil
    }
  }

  /// How long to wait before attempt `attempt + 1` after `attempt` failed ones, nil when the
  /// delivery is given up: 30 s, 2 min, 10 min, 1 h, 6 h, then 24 h twice — about 2 days.
  public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval? {
    let delays: [TimeInterval] = [30, 120, 600, 3_600, 21_600, 86_400, 86_400]
    return attempts >= 1 && attempts <= delays.count ? delays[attempts - 1] : nil
  }
}

/// One event to deliver to an organisation's webhook, and how its delivery went.
public struct WebhookDelivery: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<WebhookDelivery>

  public enum State: String, Hashable, Sendable, Codable {
    /// Not delivered yet; tried again at `nextAttemptAt`.
    case pending
    /// The endpoint answered 2xx.
    case delivered
    /// Given up after the last retry, or the organisation no longer has a webhook.
    case failed
  }

  public var id: ID
  public var organisation: Organisation.ID
  public var event: String
  /// The JSON body sent, as signed.
  public var payload: String
  public var state: State
  public var attempts: Int
  public var nextAttemptAt: Date?
  /// The last answer's HTTP status, or nil when none came.
  public var lastStatus: Int?
  public var lastError: String?
  public var createdAt: Date
  public var deliveredAt: Date?

  public init(
    id: ID, organisation: Organisation.ID, event: String, payload: String, state: State,
    attempts: Int, nextAttemptAt: Date?, lastStatus: Int? = nil, lastError: String? = nil,
    createdAt: Date, deliveredAt: Date? = nil
  ) {
    self.id = id
    self.organisation = organisation
    self.event = event
    self.payload = payload
    self.state = state
    self.attempts = attempts
    self.nextAttemptAt = nextAttemptAt
    self.lastStatus = lastStatus
    self.lastError = lastError
    self.createdAt = createdAt
    self.deliveredAt = deliveredAt
  }

  /// The delivery after an attempt at `now` that got `status` (nil: no answer) or `error`.
  public func attempted(at now: Date, status: Int?, error: String?) -> WebhookDelivery {
    var next = self
    next.attempts += 1
    next.lastStatus = status
    next.lastError = error
    if let status, (200..<300).contains(status) {
      next.state = .delivered
      next.deliveredAt = now
      next.nextAttemptAt = nil
    } else if let delay = Webhook.retryDelay(afterAttempts: next.attempts) {
      next.state = .pending
      next.nextAttemptAt = now.addingTimeInterval(delay)
    } else {
      next.state = .failed
      next.nextAttemptAt = nil
    }
    return next
  }
}
