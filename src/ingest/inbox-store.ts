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
}

export const dedupKey = (header: Hl7Header) =>
  [header.sendingApplication, header.sendingFacility, header.controlId].join('\u001f');

/** SQL of the inbox table, always inside the caller's transaction. */
@Injectable()
export class InboxStore {
  /**
   * Stores an accepted message unless its (MSH-3, MSH-4, MSH-10) was accepted before; then it
   * returns the original message's id and ACK and stores nothing.
   */
  async insertAccepted(
    tx: Prisma.TransactionClient,
    row: InboxRow & { header: Hl7Header; jobId: string },
  ): Promise<{ inserted: true } | { inserted: false; originalId: string; ack: string }> {
    const key = dedupKey(row.header);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "ingest_messages" ("id", "channel", "sending_application", "sending_facility", "control_id",
        "message_type", "dedup_key", "raw_ciphertext", "raw_bytes", "ack_code", "ack", "status", "job_id", "import_job_id")
      VALUES (${row.id}::uuid, ${row.channel}::"IngestChannel", ${row.header.sendingApplication}, ${row.header.sendingFacility},
        ${row.header.controlId}, ${row.header.messageType}, ${key}, ${row.rawCiphertext}, ${row.rawBytes}, ${row.ackCode},
        ${row.ack}, 'queued', ${row.jobId}, ${row.importJobId ?? null}::uuid)
      ON CONFLICT ("dedup_key") DO NOTHING
      RETURNING "id"`;
    if (inserted.length > 0) return { inserted: true };
    const original = await tx.ingestMessage.findUniqueOrThrow({
      where: { dedupKey: key },
      select: { id: true, ack: true },
    });
    return { inserted: false, originalId: original.id, ack: original.ack };
  }

  /** Stores a refused message (AE/AR) in quarantine with its reason; refusals are never de-duplicated. */
  async insertQuarantined(tx: Prisma.TransactionClient, row: InboxRow & { reason: string }): Promise<void> {
    await tx.ingestMessage.create({
      data: {
        id: row.id,
        channel: row.channel,
        sendingApplication: row.header?.sendingApplication,
        sendingFacility: row.header?.sendingFacility,
        controlId: row.header?.controlId,
        messageType: row.header?.messageType,
        rawCiphertext: row.rawCiphertext,
        rawBytes: row.rawBytes,
        ackCode: row.ackCode,
        ack: row.ack,
        status: 'quarantined',
        reason: row.reason,
        importJobId: row.importJobId,
      },
    });
  }
}
