import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DecryptionError } from '../crypto/crypto-errors.js';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { InboxCipher } from './inbox-cipher.js';
import { IngestService, MAP_QUEUE, MAP_QUEUE_OPTIONS } from './ingest.service.js';
import { MessageMapper } from './message-mapper.js';
import { parseHl7 } from './hl7/hl7-parser.js';
import { Hl7Error } from './hl7/hl7-errors.js';

/**
 * Works the `ingest-map` queue in the server process (not in CLI runs): decrypts a queued message,
 * maps it, and marks it processed — or quarantined with the reason — in one audited transaction.
 * A message not in `queued` state is skipped, so a redelivered job never maps twice.
 */
const WORKERS = 4;

@Injectable()
export class IngestMapWorker {
  private readonly logger = new Logger('IngestMapWorker');

  constructor(
    private readonly jobs: JobsService,
    private readonly prisma: PrismaService,
    private readonly cipher: InboxCipher,
    private readonly mapper: MessageMapper,
    private readonly audit: AuditService,
    private readonly ingest: IngestService,
  ) {}

  /** Called by IngestModule when the HTTP server gets ready (never in CLI runs). */
  async start(): Promise<void> {
    await this.jobs.ensureQueue(MAP_QUEUE, MAP_QUEUE_OPTIONS);
    await this.requeueStranded();
    // Several fetch loops: messages of different patients map in parallel. Fetching 50 jobs a time
    // (not 10) took file-import mapping from 45 to 206 msg/s (npm run bench -- ingest).
    for (let i = 0; i < WORKERS; i++) {
      await this.jobs.work<{ messageId: string }>(
        MAP_QUEUE,
        { batchSize: 50, pollingIntervalSeconds: 0.5 },
        async (batch) => {
          for (const job of batch) await this.process(job.data.messageId);
        },
      );
    }
  }

  /**
   * Messages still `queued` when a worker starts may have lost their job to a crash (a job taken
   * by a killed process stays "active" until it expires): queue them again. A message is mapped
   * once whatever the number of jobs (row lock + status check in process()).
   */
  async requeueStranded(): Promise<number> {
    let requeued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.prisma.ingestMessage.findMany({
        where: { status: 'queued', id: { gt: after } },
        orderBy: { id: 'asc' },
        take: 500,
        select: { id: true },
      });
      if (rows.length === 0) return requeued;
      await this.jobs.sendMany(
        MAP_QUEUE,
        rows.map((row) => ({ id: randomUUID(), data: { messageId: row.id } })),
        { retryLimit: 3, retryBackoff: true },
      );
      requeued += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Maps one message under a row lock. Mapping errors (bad content, refused by the record) move it
   * to quarantine; anything else (database down) is rethrown so pg-boss retries the job.
   */
  async process(messageId: string): Promise<void> {
    let reason: string | undefined;
    try {
      await this.prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ status: string; raw_ciphertext: Uint8Array }[]>`
          SELECT "status", "raw_ciphertext" FROM "ingest_messages" WHERE "id" = ${messageId}::uuid FOR UPDATE`;
        const row = locked[0];
        if (!row || row.status !== 'queued') return;
        const raw = await this.cipher.decrypt(messageId, row.raw_ciphertext);
        const message = parseHl7(raw, this.ingest.limits);
        const result = await this.mapper.map(message, messageId, tx);
        await tx.ingestMessage.update({
          where: { id: messageId },
          data: { status: 'processed', processedAt: new Date(), attempts: { increment: 1 } },
        });
        // Staged (chained by the sequencer after commit): mapping transactions commit in parallel.
        await this.audit.stage(
          [
            ...result.auditEvents,
            {
              type: 'ingest.process',
              action: 'C',
              outcome: 'success',
              patientId: result.patientId,
              entity: { type: 'IngestMessage', ids: [messageId] },
            },
          ],
          tx,
        );
      });
      return;
    } catch (error) {
      if (!isMappingError(error)) throw error;
      reason = describe(error);
      this.logger.warn(`message ${messageId} quarantined: ${reason}`);
    }
    await this.prisma.$transaction(async (tx) => {
      const moved = await tx.ingestMessage.updateMany({
        where: { id: messageId, status: 'queued' },
        data: { status: 'quarantined', reason, attempts: { increment: 1 } },
      });
      if (moved.count === 0) return;
      await this.audit.stage(
        [
          {
            type: 'ingest.process',
            action: 'C',
            outcome: 'failure',
            reason,
            entity: { type: 'IngestMessage', ids: [messageId] },
          },
        ],
        tx,
      );
    });
  }
}

function isMappingError(error: unknown): boolean {
  return error instanceof Hl7Error || error instanceof DomainError || error instanceof DecryptionError;
}

/** A reason safe to store and show: codes and our own messages, never message content. */
function describe(error: unknown): string {
  if (error instanceof Hl7Error) return `${error.code}: ${error.reason}`;
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  if (error instanceof DecryptionError) return 'decryption_failed: the stored message could not be decrypted';
  return 'mapping_failed: unexpected error (see server log by message id)';
}
