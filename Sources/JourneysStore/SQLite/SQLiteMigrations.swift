/// A numbered schema change. Shipped migrations are never edited: a change is a new one.
struct Migration: Sendable {
  let version: Int
  let name: String
  /// One SQL statement each (SQLiteNIO runs only the first statement of a string).
  let statements: [String]
}

/// The SQLite schema, append-only.
enum SQLiteMigrations {
  static let all: [Migration] = [
    Migration(
      version: 1, name: "initial schema",
      statements: [
        """
        CREATE TABLE sites (
          id TEXT PRIMARY KEY,
          body TEXT NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE journeys (
          id TEXT NOT NULL,
          version INTEGER NOT NULL,
          listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
          published_at REAL NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (id, version)
        ) STRICT
        """,
        """
        CREATE TABLE guides (
          id TEXT PRIMARY KEY,
          body TEXT NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE organisations (
          id TEXT PRIMARY KEY,
          body TEXT NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE bookings (
          id TEXT PRIMARY KEY,
          journey_id TEXT NOT NULL,
          journey_version INTEGER NOT NULL,
          date TEXT NOT NULL,
          organisation_id TEXT NOT NULL REFERENCES organisations (id),
          state TEXT NOT NULL CHECK (state IN ('held', 'confirmed', 'cancelled', 'expired')),
          expires_at REAL,
          created_at REAL NOT NULL,
          body TEXT NOT NULL,
          FOREIGN KEY (journey_id, journey_version) REFERENCES journeys (id, version)
        ) STRICT
        """,
        "CREATE INDEX bookings_by_date ON bookings (date, state)",
        "CREATE INDEX bookings_by_organisation ON bookings (organisation_id, date)",
        """
        CREATE TABLE visits (
          booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          site_id TEXT NOT NULL,
          guide_id TEXT,
          starts_at REAL NOT NULL,
          ends_at REAL NOT NULL CHECK (ends_at > starts_at),
          PRIMARY KEY (booking_id, position)
        ) STRICT
        """,
        "CREATE INDEX visits_by_site ON visits (site_id, starts_at)",
        "CREATE INDEX visits_by_guide ON visits (guide_id, starts_at)",
      ]),
    Migration(
      version: 2, name: "ledger columns: read capacity without decoding bookings",
      statements: [
        "ALTER TABLE bookings ADD COLUMN headcount INTEGER NOT NULL DEFAULT 0",
        "UPDATE bookings SET headcount = json_extract(body, '$.group.headcount')",
        "ALTER TABLE visits ADD COLUMN kind TEXT NOT NULL DEFAULT 'visit'",
        "ALTER TABLE visits ADD COLUMN guided INTEGER NOT NULL DEFAULT 0",
        """
        UPDATE visits SET
          kind = json_extract((SELECT body FROM bookings WHERE id = visits.booking_id),
                              '$.visits[' || visits.position || '].kind'),
          guided = json_extract((SELECT body FROM bookings WHERE id = visits.booking_id),
                                '$.visits[' || visits.position || '].guided')
        """,
        "CREATE INDEX bookings_by_state_date ON bookings (state, date)",
      ]),
    Migration(
      version: 3, name: "idempotency keys",
      statements: [
        """
        CREATE TABLE idempotency_keys (
          scope TEXT NOT NULL,
          key TEXT NOT NULL,
          request TEXT NOT NULL,
          booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
          created_at REAL NOT NULL,
          PRIMARY KEY (scope, key)
        ) STRICT
        """,
        "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)",
      ]),
    Migration(
      version: 4, name: "access tokens, audit log, webhook deliveries",
      statements: [
        """
        CREATE TABLE access_tokens (
          id TEXT PRIMARY KEY,
          secret_hash TEXT NOT NULL UNIQUE,
          created_at REAL NOT NULL,
          body TEXT NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE audit_log (
          sequence INTEGER PRIMARY KEY AUTOINCREMENT,
          at REAL NOT NULL,
          actor TEXT NOT NULL,
          subject TEXT NOT NULL,
          action TEXT NOT NULL,
          organisation_id TEXT,
          before TEXT,
          after TEXT
        ) STRICT
        """,
        "CREATE INDEX audit_log_by_subject ON audit_log (subject, sequence)",
        """
        CREATE TABLE webhook_deliveries (
          id TEXT PRIMARY KEY,
          organisation_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
          next_attempt_at REAL,
          created_at REAL NOT NULL,
          body TEXT NOT NULL
        ) STRICT
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
        """
        CREATE INDEX webhook_deliveries_by_organisation
        ON webhook_deliveries (organisation_id, created_at)
        """,
      ]),
    Migration(
      version: 5, name: "leases of periodic jobs",
      statements: [
        """
        CREATE TABLE job_leases (
          name TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          until REAL NOT NULL
        ) STRICT
        """
      ]),
  ]
}
