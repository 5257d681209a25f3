/// The PostgreSQL schema, append-only. The database enforces what concurrent processes could
/// otherwise break: a guide's live visits never overlap (an exclusion constraint), and writes
/// that book capacity serialise on advisory locks taken in a fixed order (see the store).
enum PostgresMigrations {
  static let all: [Migration] = [
    Migration(
      version: 1, name: "initial schema",
      statements: [
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        "CREATE TABLE sites (id text PRIMARY KEY, body jsonb NOT NULL)",
        """
        CREATE TABLE journeys (
          id text NOT NULL,
          version integer NOT NULL,
          listed boolean NOT NULL,
          published_at timestamptz NOT NULL,
          body jsonb NOT NULL,
          PRIMARY KEY (id, version)
        )
        """,
        "CREATE TABLE guides (id text PRIMARY KEY, body jsonb NOT NULL)",
        "CREATE TABLE organisations (id text PRIMARY KEY, body jsonb NOT NULL)",
        """
        CREATE TABLE bookings (
          id text PRIMARY KEY,
          journey_id text NOT NULL,
          journey_version integer NOT NULL,
          date date NOT NULL,
          organisation_id text NOT NULL REFERENCES organisations (id),
          state text NOT NULL CHECK (state IN ('held', 'confirmed', 'cancelled', 'expired')),
          expires_at timestamptz,
          created_at timestamptz NOT NULL,
          headcount integer NOT NULL CHECK (headcount > 0),
          body jsonb NOT NULL,
          FOREIGN KEY (journey_id, journey_version) REFERENCES journeys (id, version),
          CHECK ((state = 'held') = (expires_at IS NOT NULL))
        )
        """,
        "CREATE INDEX bookings_by_date ON bookings (date, state)",
        "CREATE INDEX bookings_by_organisation ON bookings (organisation_id, date)",
        "CREATE INDEX bookings_held_by_expiry ON bookings (expires_at) WHERE state = 'held'",
        """
        CREATE TABLE visits (
          booking_id text NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
          position integer NOT NULL,
          site_id text NOT NULL,
          guide_id text,
          kind text NOT NULL,
          guided boolean NOT NULL,
          starts_at timestamptz NOT NULL,
          ends_at timestamptz NOT NULL,
          live boolean NOT NULL,
          PRIMARY KEY (booking_id, position),
          CHECK (ends_at > starts_at),
          CONSTRAINT guide_never_in_two_places EXCLUDE USING gist (
            guide_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
          ) WHERE (guide_id IS NOT NULL AND live)
        )
        """,
        "CREATE INDEX visits_by_site ON visits (site_id, starts_at) WHERE live",
        """
        CREATE TABLE idempotency_keys (
          scope text NOT NULL,
          key text NOT NULL,
          request text NOT NULL,
          booking_id text NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
          created_at timestamptz NOT NULL,
          PRIMARY KEY (scope, key)
        )
        """,
        "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)",
      ])
  ]
}
