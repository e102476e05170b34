-- Audit trail (src/audit): hash-chained, append-only events and signed checkpoints.
CREATE TYPE "AuditAction" AS ENUM ('C', 'R', 'U', 'D', 'E');
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'failure', 'denied');
CREATE TYPE "PurposeOfUse" AS ENUM ('treatment', 'emergency', 'operations');

CREATE TABLE "audit_events" (
    "seq" BIGINT NOT NULL,
    "id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "actor_user_id" UUID,
    "actor_role" TEXT,
    "actor_address" TEXT,
    "actor_user_agent" TEXT,
    "patient_id" TEXT,
    "entity_type" TEXT,
    "entity_ids" TEXT[] NOT NULL,
    "purpose_of_use" "PurposeOfUse",
    "reason" TEXT,
    "correlation_id" TEXT,
    "prev_hash" BYTEA NOT NULL,
    "hash" BYTEA NOT NULL,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,
    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_chain_head_single_row" CHECK ("id" = 1)
);

CREATE TABLE "audit_checkpoints" (
    "seq" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" BYTEA NOT NULL,
    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("seq")
);

CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events"("id");
CREATE INDEX "audit_events_recorded_at_idx" ON "audit_events"("recorded_at");
CREATE INDEX "audit_events_actor_user_id_seq_idx" ON "audit_events"("actor_user_id", "seq");
CREATE INDEX "audit_events_patient_id_seq_idx" ON "audit_events"("patient_id", "seq");

-- Genesis: sequence 0 with an all-zero hash; the first event links to it.
INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Appends events in order under the chain-head row lock (held until the caller's transaction ends,
-- so concurrent writers serialise and the chain cannot fork). Each element of p_events is the
-- canonical JSON array built by src/audit/canonical.ts; its columns are parsed from that same text,
-- so stored columns and hashed bytes cannot disagree.
--   hash = SHA-256(prev_hash || int8(seq) big-endian || UTF-8(canonical))
CREATE FUNCTION audit_append(p_events TEXT[]) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_seq BIGINT;
  v_hash BYTEA;
  v_prev BYTEA;
  v_text TEXT;
  v_json JSONB;
BEGIN
  SELECT "seq", "hash" INTO v_seq, v_hash FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit chain head is missing';
  END IF;
  FOREACH v_text IN ARRAY p_events LOOP
    v_json := v_text::jsonb;
    IF jsonb_typeof(v_json) <> 'array' OR v_json->>0 <> 'v1' THEN
      RAISE EXCEPTION 'audit event is not a canonical v1 array';
    END IF;
    v_prev := v_hash;
    v_seq := v_seq + 1;
    v_hash := sha256(v_prev || int8send(v_seq) || convert_to(v_text, 'UTF8'));
    INSERT INTO "audit_events" ("seq", "id", "recorded_at", "type", "action", "outcome", "actor_user_id",
      "actor_role", "actor_address", "actor_user_agent", "patient_id", "entity_type", "entity_ids",
      "purpose_of_use", "reason", "correlation_id", "prev_hash", "hash")
    VALUES (v_seq, (v_json->>1)::uuid, (v_json->>2)::timestamptz, v_json->>3, (v_json->>4)::"AuditAction",
      (v_json->>5)::"AuditOutcome", (v_json->>6)::uuid, v_json->>7, v_json->>8, v_json->>9, v_json->>10,
      v_json->>11,
      ARRAY(SELECT jsonb_array_elements_text(v_json->12)),
      (v_json->>13)::"PurposeOfUse", v_json->>14, v_json->>15, v_prev, v_hash);
  END LOOP;
  UPDATE "audit_chain_head" SET "seq" = v_seq, "hash" = v_hash WHERE "id" = 1;
  RETURN v_seq;
END;
$$;

-- Append-only: no UPDATE, DELETE or TRUNCATE on events or checkpoints, whoever asks. (Only the table
-- owner can drop the trigger: run the application as a role that does not own these tables.)
CREATE FUNCTION audit_reject_change() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % rejected', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints"
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
