-- Issue 18: accepted HL7 types without a mapping (orders, schedules, billing, other ADT events) are
-- stored and ACKed AA, then marked `unmapped` with the reason; listed with the quarantine and
-- replayable once a mapping exists. (Added in its own migration: a new enum value cannot be used in
-- the transaction that adds it.)
ALTER TYPE "IngestMessageStatus" ADD VALUE 'unmapped';
