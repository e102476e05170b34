-- Staged audit events (src/audit/audit-sequencer.ts). High-volume writers (the HL7 import) insert
-- their events here, inside their own transaction, without touching the chain head; one sequencer at
-- a time (audit_sequence, under the chain-head lock) moves committed rows into the hash chain. So
-- those transactions no longer serialise on each other's commits, and an event still commits or
-- rolls back with the work it describes.
CREATE TABLE "audit_pending" (
    "id" BIGSERIAL NOT NULL,
    "canonical" TEXT NOT NULL,
    CONSTRAINT "audit_pending_pkey" PRIMARY KEY ("id")
);

-- A staged event must be one audit_append can chain: checked on insert, so a bad event fails its
-- caller's transaction instead of blocking the sequencer later. Same parsing as audit_append.
CREATE FUNCTION audit_pending_check() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  v_json JSONB := NEW."canonical"::jsonb;
BEGIN
  IF jsonb_typeof(v_json) <> 'array' OR v_json->>0 <> 'v1' THEN
    RAISE EXCEPTION 'audit event is not a canonical v1 array';
  END IF;
  PERFORM (v_json->>1)::uuid, (v_json->>2)::timestamptz, (v_json->>4)::"AuditAction",
    (v_json->>5)::"AuditOutcome", (v_json->>6)::uuid, (v_json->>13)::"PurposeOfUse",
    ARRAY(SELECT jsonb_array_elements_text(v_json->12));
  IF v_json->>1 IS NULL OR v_json->>2 IS NULL OR v_json->>3 IS NULL THEN
    RAISE EXCEPTION 'audit event lacks id, time or type';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_pending_valid" BEFORE INSERT ON "audit_pending"
    FOR EACH ROW EXECUTE FUNCTION audit_pending_check();

-- Staged rows are as protected as chained ones: never updated, never truncated, and deleted only
-- once their event is in the chain (checked over the whole DELETE statement).
CREATE FUNCTION audit_pending_reject_unchained() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (
      SELECT 1 FROM "audit_events" e WHERE e."id" = (o."canonical"::jsonb->>1)::uuid)) THEN
    RAISE EXCEPTION 'audit log is append-only: a staged event may be removed only once it is chained'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "audit_pending_delete_chained_only" AFTER DELETE ON "audit_pending"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_reject_unchained();
CREATE TRIGGER "audit_pending_no_update" BEFORE UPDATE ON "audit_pending"
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER "audit_pending_no_truncate" BEFORE TRUNCATE ON "audit_pending"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

-- Chains up to p_limit committed staged events, oldest first, and removes them from staging; returns
-- how many. Sequencers on several nodes serialise on the chain-head lock (taken by audit_append's
-- caller here first, so the staged rows are read after any other sequencer committed). Run it as
-- its own statement (autocommit): the head lock is then held only while it runs.
CREATE FUNCTION audit_sequence(p_limit INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_ids BIGINT[];
  v_texts TEXT[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "audit_pending") THEN
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
