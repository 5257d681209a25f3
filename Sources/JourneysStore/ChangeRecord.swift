import Foundation
import Journeys

/// What a write adds to the audit log, and to the webhook queue when the organisation concerned
/// hears of it. Both stores write it in the transaction of the change itself.
struct ChangeRecord: Sendable {
  let entry: AuditEntry
  /// The webhook event, for changes organisations hear of.
  let event: String?
  /// The event's JSON body, as it will be signed and sent.
  let payload: String?

  /// The record of a booking written as `after` (new when `before` is nil). The stored JSON of
  /// either version, when the caller has it already, is used as is rather than encoded again.
  static func booking(
    before: Booking?, after: Booking, at now: Date, beforeJSON: String? = nil,
    afterJSON: String? = nil
  ) throws -> ChangeRecord {
    let entry = AuditTrail.booking(
      before: before, after: after,
      stored: (
        try beforeJSON ?? before.map { try StoredJSON.encode($0) },
        try afterJSON ?? StoredJSON.encode(after)
      ), at: now)
    guard let event = Webhook.event(forAuditAction: entry.action) else {
      return ChangeRecord(entry: entry, event: nil, payload: nil)
    }
    let payload = WebhookPayload(
      event: event, booking: after.id.rawValue, organisation: after.group.organisation.rawValue,
      state: after.state.name, date: after.date.description, revision: after.revision ?? 0,
      occurredAt: WebhookPayload.instant(now))
    return ChangeRecord(entry: entry, event: event, payload: payload.json)
  }

  /// The record of a publication: what it changed, in short (the files are the full record).
  static func publication(_ plan: PublicationPlan, _ catalogue: Catalogue, at now: Date) throws
    -> ChangeRecord
  {
    let summary = PublicationSummary(
      offered: Dictionary(
        catalogue.journeys.map { ($0.id.rawValue, $0.version) }, uniquingKeysWith: max),
      newVersions: plan.newVersions.map { "\($0.id) v\($0.version)" },
      withdrawn: plan.withdrawn.map(\.rawValue),
      rolledBack: plan.rolledBack.keys.map(\.rawValue).sorted(),
      reinstated: plan.reinstated.map(\.rawValue),
      sites: catalogue.sites.count, sitesAdded: plan.sites.added.map(\.rawValue),
      sitesRemoved: plan.sites.removed.map(\.rawValue),
      sitesChanged: Dictionary(
        plan.sites.changed.map { ($0.site.rawValue, $0.aspects) }, uniquingKeysWith: +))
    return try object(
      "catalogue:published", action: "catalogue.published", before: PublicationSummary?.none,
      after: summary, at: now)
  }

  /// The record of another object's change (a guide, an organisation, a token).
  static func object<T: Encodable & Sendable>(
    _ subject: String, action: String, before: T?, after: T?, at now: Date
  ) throws -> ChangeRecord {
    ChangeRecord(
      entry: AuditEntry(
        at: now, actor: AuditTrail.actor, subject: subject, action: action,
        before: try before.map { try StoredJSON.encode($0) },
        after: try after.map { try StoredJSON.encode($0) }),
      event: nil, payload: nil)
  }
}

/// What the audit log keeps of a publication.
struct PublicationSummary: Encodable, Sendable {
  let offered: [String: Int]
  let newVersions: [String]
  let withdrawn: [String]
  let rolledBack: [String]
  let reinstated: [String]
  let sites: Int
  let sitesAdded: [String]
  let sitesRemoved: [String]
  let sitesChanged: [String: [String]]
}

/// The body of a webhook call.
struct WebhookPayload: Encodable {
  let event: String
  let booking: String
  let organisation: String
  let state: String
  let date: String
  let revision: Int
  let occurredAt: String

  /// The payload as `JSONEncoder` with sorted keys writes it, written directly: every booking
  /// change builds one, whether or not its organisation has a webhook.
  var json: String {
    var json = JSONText()
    json.open()
    for (key, value) in [
      ("booking", booking), ("date", date), ("event", event), ("occurredAt", occurredAt),
      ("organisation", organisation),
    ] {
      json.key(key)
      json.string(value)
    }
    json.key("revision")
    json.integer(revision)
    json.key("state")
    json.string(state)
    json.close()
    return json.text
  }

  /// `instant` in UTC to the second, as `Date.ISO8601FormatStyle` writes it
  /// (`2027-05-12T07:30:00Z`), without a formatter.
  static func instant(_ instant: Date) -> String {
    let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
    let day = Int((Double(seconds) / 86_400).rounded(.down))
    let time = seconds - day * 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    return
      "\(LocalDate(dayNumber: day))T\(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60))Z"
  }
}

extension Organisation {
  /// The organisation as the audit log shows it: its webhook's secret is left out.
  var redacted: Organisation {
    var copy = self
    copy.webhook?.secret = "…"
    return copy
  }
}

extension AccessToken {
  /// `token.created`, `token.revoked`, or `token.updated` for any other change.
  static func auditAction(before: AccessToken?, after: AccessToken) -> String {
    guard let before else { return "token.created" }
    return before.revokedAt == nil && after.revokedAt != nil ? "token.revoked" : "token.updated"
  }

  /// The token as the audit log shows it: the hash of its secret is left out.
  var redacted: AccessToken {
    var copy = self
    copy.secretHash = "…"
    return copy
  }
}

extension Guide {
  /// The guide as the audit log shows it: the calendar feed's token is left out.
  var redacted: Guide {
    var copy = self
    if copy.calendarTokenHash != nil { copy.calendarTokenHash = "…" }
    return copy
  }
}
