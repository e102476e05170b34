-- The arrival (ingest_messages.arrival) of the HL7 message a patient's demographics were last taken
-- from. Concurrent mapping batches can commit out of order; an imported update applies only when
-- its message arrived after the one already applied, so the newest ADT wins, not the last commit.
ALTER TABLE "patients" ADD COLUMN "source_arrival" BIGINT;
