-- CreateTable
CREATE TABLE "entry_embeddings" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "model_id" TEXT NOT NULL,
    "dimension" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entry_embeddings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "entry_embeddings_patient_id_model_id_idx" ON "entry_embeddings"("patient_id", "model_id");

-- CreateIndex
CREATE UNIQUE INDEX "entry_embeddings_entry_id_model_id_key" ON "entry_embeddings"("entry_id", "model_id");
