extension PostgresMigrations {
  /// Migration 9: a hold checks the reference data it was decided from in its write.
  ///
  /// Until 8, a hold read `reference_version` before deciding, to know whether the catalogue,
  /// guides and organisations a process keeps in memory were current: one round trip per hold.
  /// Now a hold decides from them unchecked and writes with `place_hold_current`, which writes
  /// nothing and answers `stale` when `reference_version` has moved since they were read; the
  /// hold is then decided again from the reference data as they are.
  static let referenceCheckedAtWrite = Migration(
    version: 9, name: "holds check the reference data they were decided from when written",
    statements: [
      """
      CREATE FUNCTION place_hold_current(
        reference bigint, mondays date[], expected bigint[], key_scope text, key_name text,
        key_request text, text, text, integer, date, text, text, timestamptz, timestamptz,
        integer, jsonb, boolean, integer[], text[], text[], text[], boolean[], timestamptz[],
        timestamptz[], timestamptz, float8, text, text, text, text, text, text, text, text)
      RETURNS TABLE (outcome text, booking text, week_version bigint, request text)
      LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        -- Read without a lock: a publication committed after this read is serialised after
        -- the hold, which reads reference data and never writes them.
        IF (SELECT r.version FROM reference_version r) IS DISTINCT FROM reference THEN
          RETURN QUERY SELECT 'stale'::text, NULL::text, NULL::bigint, NULL::text;
          RETURN;
        END IF;
        RETURN QUERY SELECT * FROM place_hold(
          $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
          $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34);
      END $$
      """
    ])
}
