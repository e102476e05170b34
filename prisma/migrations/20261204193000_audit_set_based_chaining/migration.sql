-- Chaining audit events costs PostgreSQL less CPU per event; the chain, its hashes and every guard
-- are unchanged. Measured with timeline reads (one event naming 50 entries each): chaining and staging
-- took most of the database's CPU per read — a PL/pgSQL INSERT per event, the event text parsed as
-- JSON three times (staging check, append, the staged-row delete check), and each ~2.3 kB row
-- compressed into TOAST twice (staged, then chained).
--   * audit_append hashes in a loop (sequential by nature: each hash covers the previous one), then
--     inserts every event in ONE statement, parsing each text once;
--   * a staged row keeps its event id (set by the insert check from the text itself, whatever the
--     inserter sent), so the delete check looks it up without parsing again;
--   * rows up to a page are stored inline (toast_tuple_target): no compression round trip;
--   * staging is a queue (every row inserted, chained, deleted): the sequencer finds the oldest
--     staged row through the primary key instead of scanning the heap's dead rows (its "anything
--     staged?" test was a sequential scan, slower with every row chained since the last vacuum),
--     and autovacuum visits the table after every few thousand rows, not after a fifth of it.

-- The one parse of a canonical event (v1: a JSON array tagged "v1"); anything else is refused.
CREATE FUNCTION audit_canonical_json(p_text TEXT) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  v_json JSONB := p_text::jsonb;
BEGIN
  IF jsonb_typeof(v_json) <> 'array' OR v_json->>0 <> 'v1' THEN
    RAISE EXCEPTION 'audit event is not a canonical v1 array';
  END IF;
  RETURN v_json;
END;
$$;

ALTER TABLE "audit_pending" ADD COLUMN "event_id" UUID;
ALTER TABLE "audit_pending" SET (toast_tuple_target = 8160);
ALTER TABLE "audit_events" SET (toast_tuple_target = 8160);
ALTER TABLE "audit_pending" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

CREATE OR REPLACE FUNCTION audit_pending_check() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  v_json JSONB := audit_canonical_json(NEW."canonical");
BEGIN
  PERFORM (v_json->>2)::timestamptz, (v_json->>4)::"AuditAction",
    (v_json->>5)::"AuditOutcome", (v_json->>6)::uuid, (v_json->>13)::"PurposeOfUse",
    ARRAY(SELECT jsonb_array_elements_text(v_json->12));
  IF v_json->>1 IS NULL OR v_json->>2 IS NULL OR v_json->>3 IS NULL THEN
    RAISE EXCEPTION 'audit event lacks id, time or type';
  END IF;
  NEW."event_id" := (v_json->>1)::uuid;
  RETURN NEW;
END;
$$;

-- Rows staged before this migration have no event_id: their text is parsed, as before.
CREATE OR REPLACE FUNCTION audit_pending_reject_unchained() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (
      SELECT 1 FROM "audit_events" e
      WHERE e."id" = coalesce(o."event_id", (o."canonical"::jsonb->>1)::uuid))) THEN
    RAISE EXCEPTION 'audit log is append-only: a staged event may be removed only once it is chained'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;

--   hash = SHA-256(prev_hash || int8(seq) big-endian || UTF-8(canonical)), as before.
CREATE OR REPLACE FUNCTION audit_append(p_events TEXT[]) RETURNS BIGINT LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_first BIGINT;
  v_seq BIGINT;
  v_hash BYTEA;
  v_text TEXT;
  -- v_hashes[1] is the head before; event i (1-based) has prev_hash v_hashes[i], hash v_hashes[i + 1].
  v_hashes BYTEA[];
BEGIN
  SELECT "seq", "hash" INTO v_seq, v_hash FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit chain head is missing';
  END IF;
  v_first := v_seq;
  v_hashes := ARRAY[v_hash];
  FOREACH v_text IN ARRAY p_events LOOP
    v_seq := v_seq + 1;
    v_hash := sha256(v_hash || int8send(v_seq) || convert_to(v_text, 'UTF8'));
    v_hashes := array_append(v_hashes, v_hash);
  END LOOP;
  INSERT INTO "audit_events" ("seq", "id", "recorded_at", "type", "action", "outcome", "actor_user_id",
    "actor_role", "actor_address", "actor_user_agent", "patient_id", "entity_type", "entity_ids",
    "purpose_of_use", "reason", "correlation_id", "prev_hash", "hash")
  SELECT v_first + e.n, (j->>1)::uuid, (j->>2)::timestamptz, j->>3, (j->>4)::"AuditAction",
    (j->>5)::"AuditOutcome", (j->>6)::uuid, j->>7, j->>8, j->>9, j->>10, j->>11,
    ARRAY(SELECT jsonb_array_elements_text(j->12)),
    (j->>13)::"PurposeOfUse", j->>14, j->>15, v_hashes[e.n], v_hashes[e.n + 1]
  FROM unnest(p_events) WITH ORDINALITY AS e("canonical", n)
  CROSS JOIN LATERAL audit_canonical_json(e."canonical") AS j;
  UPDATE "audit_chain_head" SET "seq" = v_seq, "hash" = v_hash WHERE "id" = 1;
  RETURN v_seq;
END;
$$;

CREATE OR REPLACE FUNCTION audit_sequence(p_limit INTEGER) RETURNS INTEGER LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_ids BIGINT[];
  v_texts TEXT[];
BEGIN
  PERFORM 1 FROM "audit_pending" ORDER BY "id" LIMIT 1;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  PERFORM 1 FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE;
  SELECT array_agg("id" ORDER BY "id"), array_agg("canonical" ORDER BY "id") INTO v_ids, v_texts
    FROM (SELECT "id", "canonical" FROM "audit_pending" ORDER BY "id" LIMIT p_limit) AS staged;
  IF v_ids IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM audit_append(v_texts);
  DELETE FROM "audit_pending" WHERE "id" = ANY (v_ids);
  RETURN cardinality(v_ids);
END;
$$;
