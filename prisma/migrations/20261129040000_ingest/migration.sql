-- HL7 v2 import (src/ingest): the encrypted inbox of received messages and batch import jobs.
-- pg-boss keeps its own tables in the "pgboss" schema, created by pg-boss itself at start.
CREATE TYPE "IngestChannel" AS ENUM ('mllp', 'http', 'file');
CREATE TYPE "IngestMessageStatus" AS ENUM ('queued', 'processed', 'quarantined');
CREATE TYPE "IngestImportStatus" AS ENUM ('running', 'completed', 'failed');

CREATE TABLE "ingest_import_jobs" (
    "id" UUID NOT NULL,
    "channel" "IngestChannel" NOT NULL,
    "source" TEXT NOT NULL,
    "status" "IngestImportStatus" NOT NULL DEFAULT 'running',
    "bytes_total" BIGINT,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "ingest_import_jobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ingest_messages" (
    "id" UUID NOT NULL,
    "channel" "IngestChannel" NOT NULL,
    "sending_application" TEXT,
    "sending_facility" TEXT,
    "control_id" TEXT,
    "message_type" TEXT,
    "dedup_key" TEXT,
    "raw_ciphertext" BYTEA NOT NULL,
    "raw_bytes" INTEGER NOT NULL,
    "ack_code" TEXT NOT NULL,
    "ack" TEXT NOT NULL,
    "status" "IngestMessageStatus" NOT NULL,
    "reason" TEXT,
    "job_id" TEXT,
    "import_job_id" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    CONSTRAINT "ingest_messages_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ingest_messages_ack_code_check" CHECK ("ack_code" IN ('AA', 'AE', 'AR'))
);

CREATE UNIQUE INDEX "ingest_messages_dedup_key_key" ON "ingest_messages"("dedup_key");
CREATE INDEX "ingest_messages_status_received_at_idx" ON "ingest_messages"("status", "received_at");
CREATE INDEX "ingest_messages_import_job_id_idx" ON "ingest_messages"("import_job_id");

ALTER TABLE "ingest_messages" ADD CONSTRAINT "ingest_messages_import_job_id_fkey" FOREIGN KEY ("import_job_id") REFERENCES "ingest_import_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The import path never deletes a message (quarantine keeps everything).
CREATE FUNCTION "ingest_messages_no_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ingest_messages rows are never deleted';
END $$;
CREATE TRIGGER "ingest_messages_no_delete" BEFORE DELETE ON "ingest_messages"
  FOR EACH ROW EXECUTE FUNCTION "ingest_messages_no_delete"();
