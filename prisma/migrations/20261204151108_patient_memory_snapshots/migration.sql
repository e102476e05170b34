-- One encrypted retrieval memory per patient (src/retrieval/memory-snapshot-store.ts): the patient's
-- current entries as retrieval sees them (text, tokens, vectors) under the patient's data key, bound
-- to the patient, the embedding model and the entries stamp it was built from. Erasure deletes it;
-- crypto-shredding alone already makes it unreadable. No foreign key: patients are never deleted
-- (erasure keeps the row), and the erasure hook deletes the snapshot in the erasure transaction.
CREATE TABLE "patient_memory_snapshots" (
    "patient_id" UUID NOT NULL,
    "model_id" TEXT NOT NULL,
    "stamp" TEXT NOT NULL,
    "memory" BYTEA NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patient_memory_snapshots_pkey" PRIMARY KEY ("patient_id")
);
