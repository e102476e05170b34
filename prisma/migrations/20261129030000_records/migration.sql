-- The encrypted patient record: envelope-encryption keys (src/crypto), patients and versioned
-- entries (src/patients, src/records), care teams and break-the-glass grants (src/access).
CREATE TYPE "KeyRotationStatus" AS ENUM ('running', 'completed');
CREATE TYPE "EntryKind" AS ENUM ('note', 'problem', 'medication', 'allergy', 'observation', 'encounter', 'procedure', 'document');

CREATE TABLE "patient_keys" (
    "patient_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kek_version" TEXT NOT NULL,
    "wrapped_key" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyed_at" TIMESTAMPTZ(3),
    CONSTRAINT "patient_keys_pkey" PRIMARY KEY ("patient_id","version"),
    -- A key is either live (wrapped) or destroyed, never both nor neither.
    CONSTRAINT "patient_keys_live_or_destroyed" CHECK (("wrapped_key" IS NULL) = ("destroyed_at" IS NOT NULL))
);

CREATE TABLE "blind_index_keys" (
    "version" INTEGER NOT NULL,
    "kek_version" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "blind_index_keys_pkey" PRIMARY KEY ("version")
);

CREATE TABLE "key_rotations" (
    "id" UUID NOT NULL,
    "target_kek_version" TEXT NOT NULL,
    "status" "KeyRotationStatus" NOT NULL DEFAULT 'running',
    "rewrapped" INTEGER NOT NULL DEFAULT 0,
    "retired_versions" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "key_rotations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "patients" (
    "id" UUID NOT NULL,
    "assigning_authority" TEXT NOT NULL DEFAULT '',
    "mrn_index" BYTEA,
    "name_birth_date_index" BYTEA,
    "demographics" BYTEA,
    "created_by_id" UUID,
    "source_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "erased_at" TIMESTAMPTZ(3),
    CONSTRAINT "patients_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "entries" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "kind" "EntryKind" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "current_version" INTEGER NOT NULL,
    "source_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "entries_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "entry_versions" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "body" BYTEA NOT NULL,
    "recorded_by_id" UUID,
    "source_message_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "entry_versions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "care_team_members" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "added_by_id" UUID,
    "starts_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ends_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "care_team_members_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "break_glass_grants" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "break_glass_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "break_glass_grants_reason_length" CHECK (char_length("reason") >= 10)
);

CREATE INDEX "patient_keys_kek_version_idx" ON "patient_keys"("kek_version");
CREATE UNIQUE INDEX "patients_assigning_authority_mrn_index_key" ON "patients"("assigning_authority", "mrn_index");
CREATE INDEX "patients_name_birth_date_index_idx" ON "patients"("name_birth_date_index");
CREATE UNIQUE INDEX "entries_patient_id_source_ref_key" ON "entries"("patient_id", "source_ref");
CREATE INDEX "entries_patient_id_occurred_at_idx" ON "entries"("patient_id", "occurred_at");
CREATE INDEX "entries_patient_id_kind_occurred_at_idx" ON "entries"("patient_id", "kind", "occurred_at");
CREATE UNIQUE INDEX "entry_versions_entry_id_version_key" ON "entry_versions"("entry_id", "version");
CREATE UNIQUE INDEX "care_team_members_patient_id_user_id_key" ON "care_team_members"("patient_id", "user_id");
CREATE INDEX "care_team_members_user_id_idx" ON "care_team_members"("user_id");
CREATE INDEX "break_glass_grants_user_id_patient_id_expires_at_idx" ON "break_glass_grants"("user_id", "patient_id", "expires_at");
CREATE INDEX "break_glass_grants_patient_id_idx" ON "break_glass_grants"("patient_id");

ALTER TABLE "entries" ADD CONSTRAINT "entries_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "entry_versions" ADD CONSTRAINT "entry_versions_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Entry versions are append-only: an amendment is a new row, never an edit or a deletion.
CREATE FUNCTION "entry_versions_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'entry_versions is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "entry_versions_append_only"
  BEFORE UPDATE OR DELETE ON "entry_versions"
  FOR EACH ROW EXECUTE FUNCTION "entry_versions_append_only"();
