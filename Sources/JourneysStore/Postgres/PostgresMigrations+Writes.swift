extension PostgresMigrations {
  /// Migration 10: a hold and a booking change each written by one function of a few
  /// statements.
  ///
  /// `place_hold_current` (9) called `place_hold` (8), which called `insert_booking`,
  /// `insert_visits` and `record_change`, and the visits' trigger then called
  /// `bump_ledger_weeks`: seven PL/pgSQL calls and fourteen statements per hold, each with its
  /// own executor start-up and its own settings saved and restored, the most of the database's
  /// time per hold. `write_hold` does the same in one body, moves the hold's week itself and
  /// tells the visits' trigger so (`journeys.hold_moves_week`, set for its own duration
  /// only); every other writer still has its weeks moved by the trigger. `write_change` is
  /// `change_booking` the same way. Both take the arguments of the functions they replace.
  /// Neither is ever compiled by JIT: scans ruled out cost 10^10 in the planner's eyes (the
  /// one-row `reference_version` has no other way to be read), which is far above the cost
  /// at which PostgreSQL spends 10 to 50 ms compiling a plan.
  static let writesInOneCall = Migration(
    version: 10, name: "a hold and a booking change each written by one function",
    statements: [
      "DROP TRIGGER visits_inserted ON visits",
      """
      CREATE TRIGGER visits_inserted AFTER INSERT ON visits REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT
      WHEN (current_setting('journeys.hold_moves_week', true) IS DISTINCT FROM 'on')
      EXECUTE FUNCTION visits_changed()
      """,
      """
      CREATE FUNCTION write_hold(
        reference bigint, mondays date[], expected bigint[], key_scope text, key_name text,
        key_request text, text, text, integer, date, text, text, timestamptz, timestamptz,
        integer, jsonb, boolean, integer[], text[], text[], text[], boolean[], timestamptz[],
        timestamptz[], timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS TABLE (outcome text, booking text, week_version bigint, request text)
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off
      SET jit = off SET journeys.hold_moves_week = 'on' AS $$
      DECLARE
        recorded record;
        current bigint[];
        moved bigint;
      BEGIN
        -- Read without a lock: a publication committed after this read is serialised after
        -- the hold, which reads reference data and never writes them.
        IF (SELECT r.version FROM reference_version r) IS DISTINCT FROM reference THEN
          RETURN QUERY SELECT 'stale'::text, NULL::text, NULL::bigint, NULL::text;
          RETURN;
        END IF;
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
        -- The week locks, and the weeks' rows locked until commit, as in `place_hold`.
        PERFORM pg_advisory_xact_lock(7001, m - DATE '1970-01-01')
        FROM unnest(mondays) AS m ORDER BY m;
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
        INSERT INTO bookings (id, journey_id, journey_version, date, organisation_id, state,
                              expires_at, created_at, headcount, body)
        VALUES ($7, $8, $9, $10, $11, $12, $13, $14, $15, $16);
        INSERT INTO visits (booking_id, position, site_id, guide_id, kind, guided, starts_at,
                            ends_at, live)
        SELECT $7, v.position, v.site_id, NULLIF(v.guide_id, ''), v.kind, v.guided,
               v.starts_at, v.ends_at, $17
        FROM unnest($18, $19, $20, $21, $22, $23, $24)
          AS v(position, site_id, guide_id, kind, guided, starts_at, ends_at);
        -- What the visits' trigger would have done: the booking's week moves.
        INSERT INTO ledger_weeks AS w (monday, version)
        VALUES (monday_of($10), nextval('ledger_week_versions'))
        ON CONFLICT (monday) DO UPDATE SET version = excluded.version
        RETURNING w.version INTO moved;
        WITH logged AS (
          INSERT INTO audit_log (at, actor, subject, action, organisation_id, before, after)
          VALUES ($25, $27, $28, $29, $30, $31, $32)
          RETURNING sequence
        )
        INSERT INTO webhook_deliveries (id, organisation_id, state, next_attempt_at, created_at,
                                        body)
        SELECT 'wh-' || logged.sequence, o.id, 'pending', $25, $25,
               jsonb_build_object('id', 'wh-' || logged.sequence, 'organisation', o.id,
                                  'event', $33, 'payload', $34, 'state', 'pending',
                                  'attempts', 0, 'nextAttemptAt', $26, 'createdAt', $26)
        FROM logged JOIN organisations o ON o.id = $30
        WHERE $33 IS NOT NULL AND o.body->'webhook'->>'url' IS NOT NULL;
        IF key_name IS NOT NULL THEN
          INSERT INTO idempotency_keys (scope, key, request, booking_id, created_at)
          VALUES (key_scope, key_name, key_request, $7, $14);
        END IF;
        RETURN QUERY SELECT 'placed'::text, $7, moved, NULL::text;
      END $$
      """,
      """
      CREATE FUNCTION write_change(
        text, integer, text, timestamptz, integer, jsonb, boolean,
        timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS boolean
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off SET jit = off AS $$
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
        WITH logged AS (
          INSERT INTO audit_log (at, actor, subject, action, organisation_id, before, after)
          VALUES ($8, $10, $11, $12, $13, $14, $15)
          RETURNING sequence
        )
        INSERT INTO webhook_deliveries (id, organisation_id, state, next_attempt_at, created_at,
                                        body)
        SELECT 'wh-' || logged.sequence, o.id, 'pending', $8, $8,
               jsonb_build_object('id', 'wh-' || logged.sequence, 'organisation', o.id,
                                  'event', $16, 'payload', $17, 'state', 'pending',
                                  'attempts', 0, 'nextAttemptAt', $9, 'createdAt', $9)
        FROM logged JOIN organisations o ON o.id = $13
        WHERE $16 IS NOT NULL AND o.body->'webhook'->>'url' IS NOT NULL;
        RETURN true;
      END $$
      """,
    ])
}

extension PostgresMigrations {
  /// Migration 11: the guides' exclusion constraint searched by time first, and an index no
  /// query used dropped.
  ///
  /// The gist index of `guide_never_in_two_places` was keyed by guide, then time: with a few
  /// dozen guides, its pages mix guides and every new visit searched many of them. Keyed by
  /// time first, a new visit is checked against the visits of about the same hours only:
  /// inserting 42,000 visits into a season of 84,000 took 0.96 s with the old key and 0.37 s
  /// with the new one. `visits_by_site` was never read (every query reaches visits by
  /// booking) and cost an insert per visit.
  static let guideRangeFirst = Migration(
    version: 11, name: "the guides' exclusion constraint keyed by time first",
    statements: [
      "DROP INDEX visits_by_site",
      """
      ALTER TABLE visits DROP CONSTRAINT guide_never_in_two_places,
      ADD CONSTRAINT guide_never_in_two_places EXCLUDE USING gist (
        tstzrange(starts_at, ends_at, '[)') WITH &&, guide_id WITH =
      ) WHERE (guide_id IS NOT NULL AND live) DEFERRABLE INITIALLY IMMEDIATE
      """,
    ])
}
