import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { InboxCipher } from './inbox-cipher.js';
import { IngestService, MAP_QUEUE } from './ingest.service.js';
import { MessageMapper } from './message-mapper.js';
import { parseHl7 } from './hl7/hl7-parser.js';
import { Hl7Error } from './hl7/hl7-errors.js';

/**
 * Works the `ingest-map` queue in the server process (not in CLI runs): decrypts a queued message,
 * maps it, and marks it processed — or quarantined with the reason — in one audited transaction.
 * A message not in `queued` state is skipped, so a redelivered job never maps twice.
 */
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
    await this.jobs.ensureQueue(MAP_QUEUE);
    await this.jobs.work<{ messageId: string }>(
      MAP_QUEUE,
      { batchSize: 20, pollingIntervalSeconds: 0.5 },
      async (batch) => {
        for (const job of batch) await this.process(job.data.messageId);
      },
    );
  }

  async process(messageId: string): Promise<void> {
    const row = await this.prisma.ingestMessage.findUnique({ where: { id: messageId } });
    if (!row || row.status !== 'queued') return;
    let reason: string | undefined;
    try {
      const raw = await this.cipher.decrypt(messageId, row.rawCiphertext);
      const message = parseHl7(raw, this.ingest.limits);
      await this.prisma.$transaction(async (tx) => {
        const result = await this.mapper.map(message, messageId, tx);
        const updated = await tx.ingestMessage.updateMany({
          where: { id: messageId, status: 'queued' },
          data: { status: 'processed', processedAt: new Date(), attempts: { increment: 1 } },
        });
        if (updated.count === 0) return;
        await this.audit.record(
          {
            type: 'ingest.process',
            action: 'C',
            outcome: 'success',
            patientId: result.patientId,
            entity: { type: 'IngestMessage', ids: [messageId] },
          },
          tx,
        );
      });
      return;
    } catch (error) {
      reason = describe(error);
      this.logger.warn(`message ${messageId} quarantined: ${reason}`);
    }
    await this.prisma.$transaction(async (tx) => {
      await tx.ingestMessage.updateMany({
        where: { id: messageId, status: 'queued' },
        data: { status: 'quarantined', reason, attempts: { increment: 1 } },
      });
      await this.audit.record(
        {
          type: 'ingest.process',
          action: 'C',
          outcome: 'failure',
          reason,
          entity: { type: 'IngestMessage', ids: [messageId] },
        },
        tx,
      );
    });
  }
}

/** A reason safe to store and show: codes and our own messages, never message content. */
function describe(error: unknown): string {
  if (error instanceof Hl7Error) return `${error.code}: ${error.reason}`;
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  return 'mapping_failed: unexpected error (see server log by message id)';
}
