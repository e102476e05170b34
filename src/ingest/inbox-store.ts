import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
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

/** SQL of the inbox table, always inside the caller's transaction. */
@Injectable()
export class InboxStore {
  /**
   * Stores the rows in one statement; an accepted row whose (MSH-3, MSH-4, MSH-10) was accepted
   * before (or earlier in `rows`) is not stored: the result maps its id to the original's id and ACK.
   */
  async insert(
    tx: Prisma.TransactionClient,
    rows: InboxRow[],
  ): Promise<{ inserted: Set<string>; duplicates: Map<string, { id: string; ack: string }> }> {
    // In de-dup key order: concurrent receipt transactions then wait on each other's keys in one
    // order, never in a cycle (a deadlock would fail both groups).
    const ordered = rows.toSorted((a, b) => compareKeys(a, b));
    const stored = await tx.ingestMessage.createManyAndReturn({
      data: ordered.map((row) => ({
        id: row.id,
        channel: row.channel,
        sendingApplication: row.header?.sendingApplication,
        sendingFacility: row.header?.sendingFacility,
        controlId: row.header?.controlId,
        messageType: row.header?.messageType,
        dedupKey: keyOf(row) || null,
        rawCiphertext: row.rawCiphertext,
        rawBytes: row.rawBytes,
        ackCode: row.ackCode,
        ack: row.ack,
        status: row.ackCode === 'AA' ? 'queued' : 'quarantined',
        reason: row.reason,
        jobId: row.jobId,
        importJobId: row.importJobId,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    const inserted = new Set(stored.map((row) => row.id));
    const skipped = rows.filter((row) => !inserted.has(row.id));
    const duplicates = new Map<string, { id: string; ack: string }>();
    if (skipped.length === 0) return { inserted, duplicates };
    const originals = await tx.ingestMessage.findMany({
      where: { dedupKey: { in: skipped.map((row) => dedupKey(row.header!)) } },
      select: { id: true, ack: true, dedupKey: true },
    });
    const byKey = new Map(originals.map((original) => [original.dedupKey!, original]));
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
