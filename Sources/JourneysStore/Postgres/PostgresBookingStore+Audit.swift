import Foundation
import Journeys
import PostgresNIO

extension PostgresBookingStore {
  // MARK: - Tokens

  public func save(_ token: AccessToken) async throws {
    let body = try StoredJSON.encode(token)
    try await transaction { db in
      let before = try await bodies(
        AccessToken.self,
        "SELECT body::text FROM access_tokens WHERE id = \(token.id.rawValue) FOR UPDATE", on: db
      ).first
      try await db.query(
        """
        INSERT INTO access_tokens (id, secret_hash, created_at, body)
        VALUES (\(token.id.rawValue), \(token.secretHash), \(token.createdAt), \(body)::jsonb)
        ON CONFLICT (id) DO UPDATE SET body = excluded.body
        """, logger: logger)
      try await record(
        .object(
          "token:\(token.id)", action: AccessToken.auditAction(before: before, after: token),
          before: before?.redacted, after: token.redacted, at: Date()), db)
    }
  }

  public func tokens() async throws -> [AccessToken] {
    try await client.withConnection { db in
      try await bodies(
        AccessToken.self, "SELECT body::text FROM access_tokens ORDER BY created_at, id", on: db)
    }
  }

  public func token(secretHash: String) async throws -> AccessToken? {
    try await client.withConnection { db in
      try await bodies(
        AccessToken.self,
        "SELECT body::text FROM access_tokens WHERE secret_hash = \(secretHash)", on: db
      ).first
    }
  }

  // MARK: - Periodic jobs

  public func claimJob(_ name: String, holder: String, at now: Date, for duration: TimeInterval)
    async throws -> Bool
  {
    try await client.withConnection { db in
      let rows = try await db.query(
        """
        INSERT INTO job_leases (name, holder, until)
        VALUES (\(name), \(holder), \(now.addingTimeInterval(duration)))
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
        WHERE job_leases.until <= \(now) OR job_leases.holder = excluded.holder
        RETURNING name
        """, logger: logger)
      var claimed = false
      for try await _ in rows.decode(String.self) { claimed = true }
      return claimed
    }
  }

  // MARK: - Audit log

  public func auditLog(subject: String?, after: Int?, limit: Int) async throws -> [AuditEntry] {
    try await client.withConnection { db in
      let rows = try await db.query(
        """
        SELECT sequence, at, actor, subject, action, organisation_id, before, after
        FROM audit_log WHERE (\(subject)::text IS NULL OR subject = \(subject))
          AND sequence > \(after ?? 0)
        ORDER BY sequence LIMIT \(limit)
        """, logger: logger)
      var entries: [AuditEntry] = []
      for try await (sequence, at, actor, subject, action, organisation, before, after)
        in rows.decode((Int, Date, String, String, String, String?, String?, String?).self)
      {
        entries.append(
          AuditEntry(
            sequence: sequence, at: at, actor: actor, subject: subject, action: action,
            organisation: organisation.map { Organisation.ID($0) }, before: before, after: after)
        )
      }
      return entries
    }
  }

  /// Appends `change` to the audit log and, when the organisation concerned has a webhook,
  /// queues its delivery: one statement (`record_change`, migration 8), inside the caller's
  /// transaction.
  func record(_ change: ChangeRecord, _ db: PostgresConnection) async throws {
    var call = PostgresFunctionCall()
    try call.add(change)
    try await run(call.query("record_change"), db)
  }

  // MARK: - Webhook deliveries

  public func claimWebhookDeliveries(at now: Date, limit: Int, lease: TimeInterval) async throws
    -> [WebhookDelivery]
  {
    try await transaction { db in
      // SKIP LOCKED: processes claiming at once share the due deliveries out.
      let due = try await bodies(
        WebhookDelivery.self,
        """
        SELECT body::text FROM webhook_deliveries
        WHERE state = 'pending' AND next_attempt_at <= \(now)
        ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
        """, on: db)
      // The lease: a crash mid-delivery leaves it due again once the lease is over.
      let leased = due.map { delivery in
        var copy = delivery
        copy.nextAttemptAt = now.addingTimeInterval(lease)
        return copy
      }
      for delivery in leased { try await write(delivery, db) }
      return leased
    }
  }

  public func recordAttempt(_ delivery: WebhookDelivery, leasedUntil: Date) async throws -> Bool {
    let body = try StoredJSON.encode(delivery)
    return try await client.withConnection { db in
      let rows = try await db.query(
        """
        UPDATE webhook_deliveries SET state = \(delivery.state.rawValue),
          next_attempt_at = \(delivery.nextAttemptAt), body = \(body)::jsonb
        WHERE id = \(delivery.id.rawValue) AND state = 'pending'
          AND next_attempt_at = \(leasedUntil)
        RETURNING id
        """, logger: logger)
      var written = false
      for try await _ in rows.decode(String.self) { written = true }
      return written
    }
  }

  public func webhookDeliveries(organisation: Organisation.ID?, limit: Int) async throws
    -> [WebhookDelivery]
  {
    try await client.withConnection { db in
      try await bodies(
        WebhookDelivery.self,
        """
        SELECT body::text FROM webhook_deliveries
        WHERE \(organisation?.rawValue)::text IS NULL OR organisation_id = \(organisation?.rawValue)
        ORDER BY created_at DESC, id DESC LIMIT \(limit)
        """, on: db)
    }
  }

  func write(_ delivery: WebhookDelivery, _ db: PostgresConnection) async throws {
    let body = try StoredJSON.encode(delivery)
    try await db.query(
      """
      INSERT INTO webhook_deliveries (id, organisation_id, state, next_attempt_at, created_at, body)
      VALUES (\(delivery.id.rawValue), \(delivery.organisation.rawValue),
              \(delivery.state.rawValue), \(delivery.nextAttemptAt), \(delivery.createdAt),
              \(body)::jsonb)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state,
        next_attempt_at = excluded.next_attempt_at, body = excluded.body
      """, logger: logger)
  }
}
