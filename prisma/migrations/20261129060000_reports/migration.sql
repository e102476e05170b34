-- Cited diagnosis-report drafts (src/reports): content encrypted under the patient's DEK.
CREATE TYPE "ReportStatus" AS ENUM ('draft', 'signed');

CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'draft',
    "generator" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "unsupported_count" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID NOT NULL,
    "updated_by_id" UUID,
    "signed_by_id" UUID,
    "signed_at" TIMESTAMPTZ(3),
    "signed_digest" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "reports_pkey" PRIMARY KEY ("id"),
    -- Signed means signer, time and digest are all set; a draft has none of them.
    CONSTRAINT "reports_signature_complete" CHECK (
        ("status" = 'signed') = ("signed_by_id" IS NOT NULL AND "signed_at" IS NOT NULL AND "signed_digest" IS NOT NULL)
    )
);

CREATE INDEX "reports_patient_id_created_at_idx" ON "reports"("patient_id", "created_at");

-- A signed report is frozen: no UPDATE or DELETE of a signed row (crypto-shredding of the
-- patient's DEK still makes its content unreadable).
CREATE FUNCTION "reports_signed_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'signed' THEN
    RAISE EXCEPTION 'signed report % is frozen', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "reports_signed_frozen"
    BEFORE UPDATE OR DELETE ON "reports"
    FOR EACH ROW EXECUTE FUNCTION "reports_signed_frozen"();
