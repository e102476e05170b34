-- Arrival order of inbox messages (src/ingest/inbox-store.ts): a strictly increasing microsecond
-- clock per process, so the mapping worker applies one patient's messages in the order they came,
-- also when they were stored in one transaction (group commit, file chunks).
ALTER TABLE "ingest_messages" ADD COLUMN "arrival" BIGINT NOT NULL DEFAULT 0;
