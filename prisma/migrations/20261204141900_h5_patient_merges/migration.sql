-- Issue 18: HL7 merges (A40/A39/A41/A42, A47 onto a known identifier) and links (A24/A37).
-- A merged patient stays as an identity: its MRN still resolves, to the survivor it points to;
-- its record was copied to the survivor (re-encrypted under the survivor's key, src/ingest/README.md).
ALTER TABLE "patients" ADD COLUMN "merged_into_id" UUID;
ALTER TABLE "patients" ADD COLUMN "merged_at" TIMESTAMPTZ(3);
CREATE INDEX "patients_merged_into_id_idx" ON "patients"("merged_into_id");

-- Two patient records the sender says are the same person without merging them (A24), until A37.
CREATE TABLE "patient_links" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "linked_patient_id" UUID NOT NULL,
    "source_message_id" TEXT,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unlinked_at" TIMESTAMPTZ(3),

    CONSTRAINT "patient_links_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "patient_links_patient_id_idx" ON "patient_links"("patient_id");
CREATE INDEX "patient_links_linked_patient_id_idx" ON "patient_links"("linked_patient_id");
