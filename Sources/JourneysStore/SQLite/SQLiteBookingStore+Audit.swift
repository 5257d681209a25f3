import Foundation
import Journeys
import SQLiteNIO

extension SQLiteBookingStore {
  // MARK: - Tokens

  public func save(_ token: AccessToken) async throws {
    let body = try StoredJSON.encode(token)
    try await exclusive(write: true) { db in
      let before = try await db.query(
        "SELECT body FROM access_tokens WHERE id = ?", [.text(token.id.rawValue)]
      ).first.map { try StoredJSON.decode(AccessToken.self, $0.text("body")) }
      _ = try await db.query(
        """
        INSERT INTO access_tokens (id, secret_hash, created_at, body) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET body = excluded.body
        """,
        [
          .text(token.id.rawValue), .text(token.secretHash),
          .float(token.createdAt.timeIntervalSince1970), .text(body),
        ])
      try await Self.record(
        .object(
          "token:\(token.id)", action: AccessToken.auditAction(before: before, after: token),
          before: before.map(\.redacted), after: token.redacted, at: Date()), db)
    }
  }

  public func tokens() async throws -> [AccessToken] {
    try await exclusive { db in
      try await db.query("SELECT body FROM access_tokens ORDER BY created_at, id").map {
        try StoredJSON.decode(AccessToken.self, $0.text("body"))
      }
    }
  }

  public func token(secretHash: String) async throws -> AccessToken? {
    try await exclusive { db in
      try await db.query(
        "SELECT body FROM access_tokens WHERE secret_hash = ?", [.text(secretHash)]
      ).first.map { try StoredJSON.decode(AccessToken.self, $0.text("body")) }
    }
  }

  // MARK: - Periodic jobs

  public func claimJob(_ name: String, holder: String, at now: Date, for duration: TimeInterval)
    async throws -> Bool
  {
    try await exclusive(write: true) { db in
      !(try await db.query(
        """
        INSERT INTO job_leases (name, holder, until) VALUES (?1, ?2, ?3)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
        WHERE job_leases.until <= ?4 OR job_leases.holder = excluded.holder
        RETURNING name
        """,
        [
          .text(name), .text(holder),
          .float(now.addingTimeInterval(duration).timeIntervalSince1970),
          .float(now.timeIntervalSince1970),
        ]
      ).isEmpty)
    }
  }

  // MARK: - Audit log

  public func auditLog(subject: String?, after: Int?, limit: Int) async throws -> [AuditEntry] {
    try await exclusive { db in
      try await db.query(
        """
        SELECT sequence, at, actor, subject, action, organisation_id, before, after
        FROM audit_log WHERE (?1 IS NULL OR subject = ?1) AND sequence > ?2
        ORDER BY sequence LIMIT ?3
        """,
        [subject.map { .text($0) } ?? .null, .integer(after ?? 0), .integer(limit)]
      ).map { row in
        guard let sequence = row.column("sequence")?.integer, let at = row.column("at")?.double
        else { throw StoreError.corrupt("audit row") }
        return AuditEntry(
          sequence: sequence, at: Date(timeIntervalSince1970: at), actor: try row.text("actor"),
          subject: try row.text("subject"), action: try row.text("action"),
          organisation: row.column("organisation_id")?.string.map { Organisation.ID($0) },
          before: row.column("before")?.string, after: row.column("after")?.string)
      }
    }
  }

  /// Appends `change` to the audit log, and queues its webhook delivery when the organisation
  /// concerned has a webhook. Runs inside the caller's write transaction.
  static func record(_ change: ChangeRecord, _ db: SQLiteConnection) async throws {
    let entry = change.entry
    let rows = try await db.query(
      """
      INSERT INTO audit_log (at, actor, subject, action, organisation_id, before, after)
      VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING sequence
      """,
      [
        .float(entry.at.timeIntervalSince1970), .text(entry.actor), .text(entry.subject),
        .text(entry.action), entry.organisation.map { .text($0.rawValue) } ?? .null,
        entry.before.map { .text($0) } ?? .null, entry.after.map { .text($0) } ?? .null,
      ])
    guard let event = change.event, let payload = change.payload,
      let organisation = entry.organisation,
      let sequence = rows.first?.column("sequence")?.integer
    else { return }
    let subscribed = try await db.query(
      """
      SELECT 1 FROM organisations
      WHERE id = ? AND json_extract(body, '$.webhook.url') IS NOT NULL
      """, [.text(organisation.rawValue)])
    guard !subscribed.isEmpty else { return }
    let delivery = WebhookDelivery(
      id: WebhookDelivery.ID("wh-\(sequence)"), organisation: organisation, event: event,
      payload: payload, state: .pending, attempts: 0, nextAttemptAt: entry.at,
      createdAt: entry.at)
    try await Self.write(delivery, db)
  }

  // MARK: - Webhook deliveries

  public func claimWebhookDeliveries(at now: Date, limit: Int, lease: TimeInterval) async throws
    -> [WebhookDelivery]
  {
    try await exclusive(write: true) { db in
      let due = try await db.query(
        """
        SELECT body FROM webhook_deliveries
        WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?
        """, [.float(now.timeIntervalSince1970), .integer(limit)]
      ).map { try StoredJSON.decode(WebhookDelivery.self, $0.text("body")) }
      // The lease: a crash mid-delivery leaves it due again once the lease is over.
      let leased = due.map { delivery in
        var copy = delivery
        copy.nextAttemptAt = now.addingTimeInterval(lease)
        return copy
      }
      for delivery in leased { try await Self.write(delivery, db) }
      return leased
    }
  }

  public func recordAttempt(_ delivery: WebhookDelivery, leasedUntil: Date) async throws -> Bool {
    try await exclusive(write: true) { db in
      let claimed = try await db.query(
        """
        SELECT 1 FROM webhook_deliveries
        WHERE id = ? AND state = 'pending' AND next_attempt_at = ?
        """, [.text(delivery.id.rawValue), .float(leasedUntil.timeIntervalSince1970)])
      guard !claimed.isEmpty else { return false }
      try await Self.write(delivery, db)
      return true
    }
  }

  public func webhookDeliveries(organisation: Organisation.ID?, limit: Int) async throws
    -> [WebhookDelivery]
  {
    try await exclusive { db in
      try await db.query(
        """
        SELECT body FROM webhook_deliveries WHERE (?1 IS NULL OR organisation_id = ?1)
        ORDER BY created_at DESC, id DESC LIMIT ?2
        """, [organisation.map { .text($0.rawValue) } ?? .null, .integer(limit)]
      ).map { try StoredJSON.decode(WebhookDelivery.self, $0.text("body")) }
    }
  }

  static func write(_ delivery: WebhookDelivery, _ db: SQLiteConnection) async throws {
    _ = try await db.query(
      """
      INSERT INTO webhook_deliveries (id, organisation_id, state, next_attempt_at, created_at, body)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state,
        next_attempt_at = excluded.next_attempt_at, body = excluded.body
      """,
      [
        .text(delivery.id.rawValue), .text(delivery.organisation.rawValue),
        .text(delivery.state.rawValue),
        delivery.nextAttemptAt.map { .float($0.timeIntervalSince1970) } ?? .null,
        .float(delivery.createdAt.timeIntervalSince1970),
        .text(try StoredJSON.encode(delivery)),
      ])
  }
}
