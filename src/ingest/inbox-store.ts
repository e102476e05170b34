import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import { prepared } from '../database/pg-transaction.js';
import type { IngestChannel } from '../generated/prisma/enums.js';
import type { AckCode } from './hl7/hl7-errors.js';
import type { Hl7Header } from './hl7/hl7-header.js';

export interface InboxRow {
  id: string;
  channel: IngestChannel;
  header?: Hl7Header;
  rawCiphertext: Buffer<ArrayBuffer>;
  rawBytes: number;
  ackCode: AckCode;
  ack: string;
  importJobId?: string;
  /** Accepted rows: the mapping job. Refused rows: why (quarantine). */
  jobId?: string;
  reason?: string;
}

export const dedupKey = (header: Hl7Header) =>
  [header.sendingApplication, header.sendingFacility, header.controlId].join('\u001f');

const keyOf = (row: InboxRow) => (row.ackCode === 'AA' && row.header ? dedupKey(row.header) : '');
const compareKeys = (a: InboxRow, b: InboxRow) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);

let lastArrival = 0n;
/** Arrival order in this process: microseconds since the epoch, strictly increasing. */
function nextArrival(): bigint {
  const now = BigInt(Date.now()) * 1000n;
  lastArrival = now > lastArrival ? now : lastArrival + 1n;
  return lastArrival;
}

const INSERT_SQL = `
  INSERT INTO "ingest_messages" ("id", "channel", "sending_application", "sending_facility", "control_id",
    "message_type", "dedup_key", "raw_ciphertext", "raw_bytes", "ack_code", "ack", "status", "reason", "job_id",
    "import_job_id", "arrival")
  SELECT * FROM unnest($1::uuid[], $2::"IngestChannel"[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::bytea[], $9::int[], $10::text[], $11::text[], $12::"IngestMessageStatus"[], $13::text[], $14::text[],
    $15::uuid[], $16::int8[])
  ON CONFLICT DO NOTHING
  RETURNING "id"`;

/** SQL of the inbox table, always inside the caller's transaction. */
@Injectable()
export class InboxStore {
  /**
   * Stores the rows in one statement; an accepted row whose (MSH-3, MSH-4, MSH-10) was accepted
   * before (or earlier in `rows`) is not stored: the result maps its id to the original's id and ACK.
   */
  async insert(
    client: pg.ClientBase,
    rows: InboxRow[],
  ): Promise<{ inserted: Set<string>; duplicates: Map<string, { id: string; ack: string }> }> {
    const arrival = new Map(rows.map((row) => [row.id, nextArrival()]));
    // In de-dup key order: concurrent receipt transactions then wait on each other's keys in one
    // order, never in a cycle (a deadlock would fail both groups). Plain SQL, not Prisma: this is
    // the hottest write of the import, and Prisma's debug history would keep the ciphertexts alive.
    const ordered = rows.toSorted((a, b) => compareKeys(a, b));
    const column = <T>(pick: (row: InboxRow) => T) => ordered.map(pick);
    const stored = await client.query<{ id: string }>(
      prepared(INSERT_SQL, [
        column((row) => row.id),
        column((row) => row.channel),
        column((row) => row.header?.sendingApplication ?? null),
        column((row) => row.header?.sendingFacility ?? null),
        column((row) => row.header?.controlId ?? null),
        column((row) => row.header?.messageType ?? null),
        column((row) => keyOf(row) || null),
        column((row) => row.rawCiphertext),
        column((row) => row.rawBytes),
        column((row) => row.ackCode),
        column((row) => row.ack),
        column((row) => (row.ackCode === 'AA' ? 'queued' : 'quarantined')),
        column((row) => row.reason ?? null),
        column((row) => row.jobId ?? null),
        column((row) => row.importJobId ?? null),
        column((row) => arrival.get(row.id)!.toString()),
      ]),
    );
    const inserted = new Set(stored.rows.map((row) => row.id));
    const skipped = rows.filter((row) => !inserted.has(row.id));
    const duplicates = new Map<string, { id: string; ack: string }>();
    if (skipped.length === 0) return { inserted, duplicates };
    const originals = await client.query<{ id: string; ack: string; dedup_key: string }>(
      'SELECT "id", "ack", "dedup_key" FROM "ingest_messages" WHERE "dedup_key" = ANY ($1::text[])',
      [skipped.map((row) => dedupKey(row.header!))],
    );
    const byKey = new Map(originals.rows.map((original) => [original.dedup_key, original]));
    for (const row of skipped) {
      const original = byKey.get(dedupKey(row.header!));
      if (!original) throw new Error('a skipped inbox row has no original'); // cannot happen: unique key
      duplicates.set(row.id, { id: original.id, ack: original.ack });
    }
    return { inserted, duplicates };
  }

  /**
   * Erasure: the raw messages this patient's record was mapped from are kept under the inbox key,
   * not the patient's, so destroying the DEK would not shred them. Their ciphertext is overwritten
   * (rows stay, with headers and ACKs, as the integration trail). Messages never mapped to the
   * patient (quarantined before mapping) cannot be attributed and are not touched.
   */
  async shredForPatient(tx: Prisma.TransactionClient, patientId: string): Promise<number> {
    return tx.$executeRaw`
      UPDATE ingest_messages SET raw_ciphertext = decode('', 'hex'), raw_bytes = 0
      WHERE id::text IN (
        SELECT source_message_id FROM entry_versions
          WHERE patient_id = ${patientId}::uuid AND source_message_id IS NOT NULL
        UNION
        SELECT source_message_id FROM patients
          WHERE id = ${patientId}::uuid AND source_message_id IS NOT NULL
      )`;
  }
}
