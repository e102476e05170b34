-- A patient's memory snapshot is stored in parts of at most 32 KiB (src/retrieval/memory-snapshot-store.ts):
-- still one encryption of the whole memory and one read, but the sealed bytes are split across rows.
-- Measured on this project's machine (PostgreSQL 15, node-postgres, one 1.6 MB value against the same
-- bytes in 50 rows of 32 KiB, one SELECT each): 35–48 ms against 4–6 ms. Moving one multi-megabyte
-- value out of PostgreSQL costs far more than its size says (psql shows the same), rows of tens of
-- kilobytes do not. The parts are ciphertext: never compressible, so stored without trying.
-- Existing snapshots are dropped: they are a cache, rebuilt by the next question or write.
DELETE FROM "patient_memory_snapshots";

ALTER TABLE "patient_memory_snapshots" DROP COLUMN "memory", ADD COLUMN "parts" INTEGER NOT NULL;

CREATE TABLE "patient_memory_snapshot_parts" (
    "patient_id" UUID NOT NULL,
    "part" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "patient_memory_snapshot_parts_pkey" PRIMARY KEY ("patient_id", "part"),
    CONSTRAINT "patient_memory_snapshot_parts_patient_id_fkey" FOREIGN KEY ("patient_id")
        REFERENCES "patient_memory_snapshots"("patient_id") ON DELETE CASCADE ON UPDATE CASCADE
);
ALTER TABLE "patient_memory_snapshot_parts" ALTER COLUMN "data" SET STORAGE EXTERNAL;
