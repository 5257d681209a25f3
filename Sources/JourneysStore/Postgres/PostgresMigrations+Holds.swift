extension PostgresMigrations {
  /// Migration 8: a hold decided outside any transaction and written only if nothing it read
  /// has changed.
  ///
  /// Until 7, a hold locked its weeks, read their ledger, decided in the service (the guide
  /// planner included) and wrote, all in one transaction: the weeks stayed locked for the whole
  /// decision, and a hold took six round trips. Now every week of bookings has a version, moved
  /// by triggers on whatever changes its ledger (any process, psql included); a hold reads the
  /// weeks that changed since it last read them (`ledger_changes`), decides, and writes with
  /// `place_hold`, which takes the week locks for a few statements only and writes nothing when a
  /// version moved since the read. The decision is then made again from the newer ledger.
  static let holdsWithoutTransaction = Migration(
    version: 8, name: "week versions, the ledger read by week, holds written in one call",
    statements: [
      "CREATE TABLE ledger_weeks (monday date PRIMARY KEY, version bigint NOT NULL)",
      // Versions from one sequence: a week's version never comes back, even if its row goes.
      "CREATE SEQUENCE ledger_week_versions",
      """
      CREATE FUNCTION monday_of(day date) RETURNS date LANGUAGE sql IMMUTABLE
      AS $$ SELECT $1 - (extract(isodow FROM $1)::integer - 1) $$
      """,
      // Weeks in ascending order, as `place_hold` locks them.
      """
      CREATE FUNCTION bump_ledger_weeks(mondays date[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        INSERT INTO ledger_weeks AS w (monday, version)
        SELECT m, nextval('ledger_week_versions')
        FROM (SELECT DISTINCT m FROM unnest($1) AS m WHERE m IS NOT NULL ORDER BY m) AS weeks
        ON CONFLICT (monday) DO UPDATE SET version = excluded.version;
      END $$
      """,
      """
      CREATE FUNCTION visits_changed() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        -- One index lookup per visit: a transition table has no statistics, and a join
        -- may be planned as a scan of every booking.
        PERFORM bump_ledger_weeks(ARRAY(
          SELECT (SELECT monday_of(b.date) FROM bookings b WHERE b.id = c.booking_id)
          FROM changed c));
        RETURN NULL;
      END $$
      """,
      """
      CREATE TRIGGER visits_inserted AFTER INSERT ON visits REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION visits_changed()
      """,
      // An update counts for the weeks of the rows before and after it.
      """
      CREATE FUNCTION visits_updated() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        PERFORM bump_ledger_weeks(ARRAY(
          SELECT (SELECT monday_of(b.date) FROM bookings b WHERE b.id = c.booking_id)
          FROM (SELECT booking_id FROM changed UNION SELECT booking_id FROM previous) AS c));
        RETURN NULL;
      END $$
      """,
      """
      CREATE TRIGGER visits_updated AFTER UPDATE ON visits
      REFERENCING OLD TABLE AS previous NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION visits_updated()
      """,
      """
      CREATE TRIGGER visits_deleted AFTER DELETE ON visits REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION visits_changed()
      """,
      // The ledger carries each booking's headcount and only bookings held or confirmed (a
      // confirmation changes neither); a deleted booking takes its visits away (the visits'
      // own trigger no longer finds its date).
      """
      CREATE FUNCTION booking_ledger_changed() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        PERFORM bump_ledger_weeks(ARRAY[monday_of(OLD.date), monday_of(NEW.date)]);
        RETURN NULL;
      END $$
      """,
      """
      CREATE TRIGGER booking_ledger_changed AFTER UPDATE OF headcount, date, state ON bookings
      FOR EACH ROW WHEN (
        OLD.headcount <> NEW.headcount OR OLD.date <> NEW.date
        OR (OLD.state IN ('held', 'confirmed')) <> (NEW.state IN ('held', 'confirmed')))
      EXECUTE FUNCTION booking_ledger_changed()
      """,
      """
      CREATE TRIGGER booking_deleted AFTER DELETE ON bookings
      FOR EACH ROW EXECUTE FUNCTION booking_ledger_changed()
      """,
      """
      CREATE FUNCTION ledger_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ledger_weeks SET version = nextval('ledger_week_versions');
        RETURN NULL;
      END $$
      """,
      """
      CREATE TRIGGER bookings_truncated AFTER TRUNCATE ON bookings
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_truncated()
      """,
      """
      CREATE TRIGGER visits_truncated AFTER TRUNCATE ON visits
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_truncated()
      """,
      """
      SELECT bump_ledger_weeks(ARRAY(SELECT DISTINCT monday_of(date) FROM bookings))
      """,
      // A booking's visits, and a booking with its visits (positional parameters: the visits'
      // columns are arrays, "" standing for no guide, as arrays of optionals do not bind). These
      // functions are PL/pgSQL, whose plans a session keeps (SQL ones are planned at every
      // call), and keep one generic plan per statement: planning them anew at each call, as
      // PostgreSQL otherwise may, cost more than running them. A session plans them once,
      // maybe on tables still nearly empty, where a scan of the whole table looks cheapest;
      // every statement here reads a few rows by index, so scans are ruled out.
      """
      CREATE FUNCTION insert_visits(
        text, boolean, integer[], text[], text[], text[], boolean[], timestamptz[],
        timestamptz[])
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        INSERT INTO visits (booking_id, position, site_id, guide_id, kind, guided, starts_at,
                            ends_at, live)
        SELECT $1, v.position, v.site_id, NULLIF(v.guide_id, ''), v.kind, v.guided,
               v.starts_at, v.ends_at, $2
        FROM unnest($3, $4, $5, $6, $7, $8, $9)
          AS v(position, site_id, guide_id, kind, guided, starts_at, ends_at);
      END $$
      """,
      """
      CREATE FUNCTION insert_booking(
        text, text, integer, date, text, text, timestamptz, timestamptz, integer, jsonb, boolean,
        integer[], text[], text[], text[], boolean[], timestamptz[], timestamptz[])
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        INSERT INTO bookings (id, journey_id, journey_version, date, organisation_id, state,
                              expires_at, created_at, headcount, body)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
        PERFORM insert_visits($1, $11, $12, $13, $14, $15, $16, $17, $18);
      END $$
      """,
      // An audit entry and, when the organisation has a webhook and the change an event, its
      // delivery: (at, at in seconds as the delivery's JSON carries it, actor, subject, action,
      // organisation, before, after, event, payload).
      """
      CREATE FUNCTION record_change(
        timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        WITH logged AS (
          INSERT INTO audit_log (at, actor, subject, action, organisation_id, before, after)
          VALUES ($1, $3, $4, $5, $6, $7, $8)
          RETURNING sequence
        )
        INSERT INTO webhook_deliveries (id, organisation_id, state, next_attempt_at, created_at,
                                        body)
        SELECT 'wh-' || logged.sequence, o.id, 'pending', $1, $1,
               jsonb_build_object('id', 'wh-' || logged.sequence, 'organisation', o.id,
                                  'event', $9, 'payload', $10, 'state', 'pending',
                                  'attempts', 0, 'nextAttemptAt', $2, 'createdAt', $2)
        FROM logged JOIN organisations o ON o.id = $6
        WHERE $9 IS NOT NULL AND o.body->'webhook'->>'url' IS NOT NULL;
      END $$
      """,
      // A booking's state written in place, with whether its visits hold their guides' time;
      // with a revision, only if the row is still at it. A hold whose visits were released
      // (`hold_ledger`, migration 7; `ledger_changes`) is never revived: its places may be
      // taken. (id, revision or NULL, state, expires_at, headcount, body, holds time.)
      """
      CREATE FUNCTION rewrite_booking(text, integer, text, timestamptz, integer, jsonb, boolean)
      RETURNS boolean
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        UPDATE bookings b SET state = $3, expires_at = $4, headcount = $5, body = $6,
          revision = b.revision + 1
        WHERE b.id = $1 AND ($2 IS NULL OR b.revision = $2)
          AND NOT ($7 AND b.state = 'held' AND EXISTS (
            SELECT 1 FROM visits x WHERE x.booking_id = b.id AND NOT x.live));
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        -- Only when some visit changes (not on a confirmation) do the visits' triggers run.
        IF EXISTS (SELECT 1 FROM visits v WHERE v.booking_id = $1 AND v.live <> $7) THEN
          UPDATE visits v SET live = $7 WHERE v.booking_id = $1 AND v.live <> $7;
        END IF;
        RETURN true;
      END $$
      """,
      // A change that leaves the visits as they are (a confirmation, a cancellation), in one
      // call: `rewrite_booking`, then, if it wrote, `record_change` (from $8).
      """
      CREATE FUNCTION change_booking(
        text, integer, text, timestamptz, integer, jsonb, boolean,
        timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS boolean
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      BEGIN
        IF NOT rewrite_booking($1, $2, $3, $4, $5, $6, $7) THEN
          RETURN false;
        END IF;
        PERFORM record_change($8, $9, $10, $11, $12, $13, $14, $15, $16, $17);
        RETURN true;
      END $$
      """,
      // Bodies of a few kilobytes, written on every change: lz4 compresses them several times
      // faster than the default pglz.
      "ALTER TABLE bookings ALTER COLUMN body SET COMPRESSION lz4",
      """
      ALTER TABLE audit_log ALTER COLUMN before SET COMPRESSION lz4,
        ALTER COLUMN after SET COMPRESSION lz4
      """,
      // Lapsed holds of the weeks released as by `hold_ledger` (migration 7), then every week's
      // version and, for the weeks whose version is not the one the caller knows, their live
      // visits, with their booking's expiry when it is a hold. A week's first row has no
      // booking; its version is on every row. The visits are
      // read after the version, never before: at worst they are newer than it, and the hold
      // decided from them is refused and decided again.
      """
      CREATE FUNCTION ledger_changes(mondays date[], known bigint[], at timestamptz)
      RETURNS TABLE (monday date, version bigint, booking_id text, day date, headcount integer,
                     site_id text, guide_id text, kind text, guided boolean,
                     starts_at timestamptz, ends_at timestamptz, expires_at timestamptz)
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      #variable_conflict use_column
      DECLARE
        versions bigint[];
        week integer;
      BEGIN
        WITH lapsed AS (
          SELECT b.id FROM bookings b
          WHERE b.state = 'held' AND b.expires_at <= at
            AND b.date BETWEEN mondays[1] AND mondays[cardinality(mondays)] + 6
            AND EXISTS (SELECT 1 FROM visits v WHERE v.booking_id = b.id AND v.live)
          ORDER BY b.date
          FOR UPDATE OF b SKIP LOCKED
        ), moved AS (
          UPDATE bookings SET revision = revision + 1 WHERE id IN (SELECT id FROM lapsed)
        )
        UPDATE visits SET live = false WHERE booking_id IN (SELECT id FROM lapsed) AND live;
        SELECT array_agg(coalesce(w.version, 0) ORDER BY m.position) INTO versions
        FROM unnest(mondays) WITH ORDINALITY AS m (monday, position)
        LEFT JOIN ledger_weeks w ON w.monday = m.monday;
        RETURN QUERY SELECT m.monday, m.version, NULL::text, NULL::date, NULL::integer,
          NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz,
          NULL::timestamptz, NULL::timestamptz
        FROM unnest(mondays, versions) AS m (monday, version);
        -- Week by week: one index range of bookings each, whatever the plan's estimates.
        FOR week IN 1..cardinality(mondays) LOOP
          CONTINUE WHEN versions[week] = known[week];
          RETURN QUERY
          SELECT mondays[week], versions[week], v.booking_id, b.date, b.headcount, v.site_id,
                 v.guide_id, v.kind, v.guided, v.starts_at, v.ends_at, b.expires_at
          FROM bookings b JOIN visits v ON v.booking_id = b.id
          WHERE b.date BETWEEN mondays[week] AND mondays[week] + 6 AND v.live
            AND b.state IN ('confirmed', 'held');
        END LOOP;
      END $$
      """,
      // A hold decided from the ledger at `expected` (one version per Monday): with an
      // idempotency key already used, 'recorded', the booking and the request recorded with it;
      // when a week moved since, 'conflict' and nothing written; else 'placed', the booking,
      // its audit entry and its key written, and the version its week is at with it. Then
      // (from $6) the arguments of `insert_booking` and of `record_change`.
      """
      CREATE FUNCTION place_hold(
        mondays date[], expected bigint[], key_scope text, key_name text, key_request text,
        text, text, integer, date, text, text, timestamptz, timestamptz, integer, jsonb, boolean,
        integer[], text[], text[], text[], boolean[], timestamptz[], timestamptz[],
        timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS TABLE (outcome text, booking text, week_version bigint, request text)
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off AS $$
      DECLARE
        recorded record;
        current bigint[];
      BEGIN
        IF key_name IS NOT NULL THEN
          -- One request per key at a time, before the weeks, as every writer does.
          PERFORM pg_advisory_xact_lock(7002, hashtext(key_scope || E'\\n' || key_name));
          SELECT k.request, k.booking_id INTO recorded FROM idempotency_keys k
          WHERE k.scope = key_scope AND k.key = key_name;
          IF FOUND THEN
            RETURN QUERY SELECT 'recorded'::text, recorded.booking_id, NULL::bigint,
              recorded.request;
            RETURN;
          END IF;
        END IF;
        -- The keys of `hold_ledger`'s locks: a Monday's day number since 1970-01-01.
        PERFORM pg_advisory_xact_lock(7001, m - DATE '1970-01-01')
        FROM unnest(mondays) AS m ORDER BY m;
        -- The weeks' rows locked until commit: a change by a writer without the week locks (a
        -- cancellation, the sweep, psql) is waited for and seen, and none comes before this
        -- hold's own; its week's version after it is the one this hold made.
        INSERT INTO ledger_weeks (monday, version)
        SELECT m, 0 FROM unnest(mondays) AS m ORDER BY m ON CONFLICT (monday) DO NOTHING;
        SELECT array_agg(w.version ORDER BY w.monday) INTO current FROM (
          SELECT l.monday, l.version FROM ledger_weeks l WHERE l.monday = ANY (mondays)
          ORDER BY l.monday FOR SHARE
        ) AS w;
        IF current IS DISTINCT FROM expected THEN
          RETURN QUERY SELECT 'conflict'::text, NULL::text, NULL::bigint, NULL::text;
          RETURN;
        END IF;
        PERFORM insert_booking($6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                               $19, $20, $21, $22, $23);
        PERFORM record_change($24, $25, $26, $27, $28, $29, $30, $31, $32, $33);
        IF key_name IS NOT NULL THEN
          INSERT INTO idempotency_keys (scope, key, request, booking_id, created_at)
          VALUES (key_scope, key_name, key_request, $6, $13);
        END IF;
        RETURN QUERY SELECT 'placed'::text, $6,
          (SELECT w.version FROM ledger_weeks w WHERE w.monday = monday_of($9)), NULL::text;
      END $$
      """,
    ])
}
