/// The PostgreSQL schema, append-only. The database enforces what concurrent processes could
/// otherwise break: a guide's live visits never overlap (an exclusion constraint), and writes
/// that book capacity serialise on advisory locks taken in a fixed order (see the store).
enum PostgresMigrations {
  static let all: [Migration] =
    early + [holdsWithoutTransaction, referenceCheckedAtWrite, writesInOneCall, guideRangeFirst]

  static let early: [Migration] = [
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
      ]),
    Migration(
      version: 2, name: "reference version, booking revisions, hold ledger in one call",
      statements: [
        // Every process caches the catalogue, guides and organisations; any change to them,
        // by whatever process or by hand in psql, bumps this one counter in the same
        // transaction, so that a cache is never used past a change it has not seen.
        """
        CREATE TABLE reference_version (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          version bigint NOT NULL
        )
        """,
        "INSERT INTO reference_version (version) VALUES (1)",
        """
        CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE reference_version SET version = version + 1;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER sites_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sites
        FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()
        """,
        """
        CREATE TRIGGER journeys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON journeys
        FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()
        """,
        """
        CREATE TRIGGER guides_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON guides
        FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()
        """,
        """
        CREATE TRIGGER organisations_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
        FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()
        """,
        // A booking changes by compare-and-set on its revision: one statement, no lock held
        // across a round trip.
        "ALTER TABLE bookings ADD COLUMN revision integer NOT NULL DEFAULT 0",
        // The first half of a hold in one round trip: the week locks in the order given
        // (callers pass them ascending, so writers never deadlock), then lapsed holds of those
        // dates stop holding their guides' time (the exclusion constraint would otherwise
        // refuse the new visits; the rows are settled later by the sweep, and every reader
        // already treats them as expired), then the ledger of the dates.
        """
        CREATE FUNCTION hold_ledger(weeks integer[], first_day date, last_day date,
                                    at timestamptz)
        RETURNS TABLE (booking_id text, headcount integer, site_id text, guide_id text,
                       kind text, guided boolean, starts_at timestamptz, ends_at timestamptz)
        LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        DECLARE
          week integer;
        BEGIN
          FOREACH week IN ARRAY weeks LOOP
            PERFORM pg_advisory_xact_lock(7001, week);
          END LOOP;
          -- SKIP LOCKED: a row locked by another writer is being expired or changed by it;
          -- waiting here in another order than that writer could deadlock.
          UPDATE visits SET live = false
          WHERE (booking_id, position) IN (
            SELECT v.booking_id, v.position
            FROM bookings b JOIN visits v ON v.booking_id = b.id
            WHERE v.live AND b.state = 'held' AND b.expires_at <= at
              AND b.date BETWEEN first_day AND last_day
            FOR UPDATE OF v SKIP LOCKED);
          RETURN QUERY
          SELECT v.booking_id, b.headcount, v.site_id, v.guide_id, v.kind, v.guided,
                 v.starts_at, v.ends_at
          FROM bookings b JOIN visits v ON v.booking_id = b.id
          WHERE b.date BETWEEN first_day AND last_day
            AND (b.state = 'confirmed' OR (b.state = 'held' AND b.expires_at > at));
        END $$
        """,
      ]),
    Migration(
      version: 3, name: "guide overlap checked at commit when asked",
      statements: [
        // Re-planning a horizon may swap two guides' visits; checked statement by statement,
        // the first half of the swap would look like an overlap.
        "ALTER TABLE visits DROP CONSTRAINT guide_never_in_two_places",
        """
        ALTER TABLE visits ADD CONSTRAINT guide_never_in_two_places EXCLUDE USING gist (
          guide_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
        ) WHERE (guide_id IS NOT NULL AND live) DEFERRABLE INITIALLY IMMEDIATE
        """,
      ]),
    Migration(
      version: 4, name: "custom journeys leave the reference version alone",
      statements: [
        // A journey assembled for one group is not in any process's cached catalogue: saving
        // one must not make every process reload everything.
        "DROP TRIGGER journeys_changed ON journeys",
        """
        CREATE FUNCTION bump_reference_version_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE reference_version SET version = version + 1;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER journeys_inserted_or_updated AFTER INSERT OR UPDATE ON journeys
        FOR EACH ROW WHEN (NEW.id NOT LIKE 'custom-%')
        EXECUTE FUNCTION bump_reference_version_row()
        """,
        """
        CREATE TRIGGER journeys_deleted AFTER DELETE ON journeys
        FOR EACH ROW WHEN (OLD.id NOT LIKE 'custom-%')
        EXECUTE FUNCTION bump_reference_version_row()
        """,
        """
        CREATE TRIGGER journeys_truncated AFTER TRUNCATE ON journeys
        FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()
        """,
      ]),
    Migration(
      version: 5, name: "access tokens, audit log, webhook deliveries",
      statements: [
        """
        CREATE TABLE access_tokens (
          id text PRIMARY KEY,
          secret_hash text NOT NULL UNIQUE,
          created_at timestamptz NOT NULL,
          body jsonb NOT NULL
        )
        """,
        // Before and after are kept as text: written on every change and read rarely.
        """
        CREATE TABLE audit_log (
          sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          at timestamptz NOT NULL,
          actor text NOT NULL,
          subject text NOT NULL,
          action text NOT NULL,
          organisation_id text,
          before text,
          after text
        )
        """,
        "CREATE INDEX audit_log_by_subject ON audit_log (subject, sequence)",
        """
        CREATE TABLE webhook_deliveries (
          id text PRIMARY KEY,
          organisation_id text NOT NULL,
          state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
          next_attempt_at timestamptz,
          created_at timestamptz NOT NULL,
          body jsonb NOT NULL
        )
        """,
        """
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
        WHERE state = 'pending'
        """,
        """
        CREATE INDEX webhook_deliveries_by_organisation
        ON webhook_deliveries (organisation_id, created_at)
        """,
      ]),
    Migration(
      version: 6, name: "leases of periodic jobs",
      statements: [
        "CREATE TABLE job_leases (name text PRIMARY KEY, holder text NOT NULL, until timestamptz NOT NULL)"
      ]),
    Migration(
      version: 7, name: "a lapsed hold is released only by a hold that can lock it",
      statements: [
        // Version 2 left lapsed holds out of the ledger by their expiry alone, so a
        // confirmation decided just before the lapse and committed just after could revive a
        // hold whose places another hold had given away. Now a hold releases a lapsed hold by
        // locking its row (SKIP LOCKED: one being changed keeps counting until that change is
        // done), moving its revision on (a change decided from the hold as it was is decided
        // again; only the column moves, the revision in the stored JSON is the one clients
        // see) and marking its visits; the ledger counts live visits only, and `rewrite` never
        // revives released ones.
        """
        CREATE OR REPLACE FUNCTION hold_ledger(weeks integer[], first_day date, last_day date,
                                               at timestamptz)
        RETURNS TABLE (booking_id text, headcount integer, site_id text, guide_id text,
                       kind text, guided boolean, starts_at timestamptz, ends_at timestamptz)
        LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        DECLARE
          week integer;
        BEGIN
          FOREACH week IN ARRAY weeks LOOP
            PERFORM pg_advisory_xact_lock(7001, week);
          END LOOP;
          WITH lapsed AS (
            SELECT b.id FROM bookings b
            WHERE b.state = 'held' AND b.expires_at <= at
              AND b.date BETWEEN first_day AND last_day
              AND EXISTS (SELECT 1 FROM visits v WHERE v.booking_id = b.id AND v.live)
            FOR UPDATE OF b SKIP LOCKED
          ), moved AS (
            UPDATE bookings SET revision = revision + 1 WHERE id IN (SELECT id FROM lapsed)
          )
          UPDATE visits SET live = false
          WHERE booking_id IN (SELECT id FROM lapsed) AND live;
          RETURN QUERY
          SELECT v.booking_id, b.headcount, v.site_id, v.guide_id, v.kind, v.guided,
                 v.starts_at, v.ends_at
          FROM bookings b JOIN visits v ON v.booking_id = b.id
          WHERE b.date BETWEEN first_day AND last_day AND v.live
            AND b.state IN ('confirmed', 'held');
        END $$
        """
      ]),
  ]
}
