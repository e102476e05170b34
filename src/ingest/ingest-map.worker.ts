import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService, type AuditEventInput } from '../audit/audit.service.js';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DecryptionError } from '../crypto/crypto-errors.js';
import { PrismaService } from '../database/prisma.service.js';
import { ForegroundLoad } from '../jobs/foreground-load.js';
import { JobsService } from '../jobs/jobs.service.js';
import { InboxCipher } from './inbox-cipher.js';
import { IngestService, MAP_QUEUE, MAP_QUEUE_OPTIONS } from './ingest.service.js';
import { MessageMapper, type MappedMessage } from './message-mapper.js';
import { parseHl7 } from './hl7/hl7-parser.js';
import { Hl7Error } from './hl7/hl7-errors.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * Works the `ingest-map` queue in the server process (not in CLI runs): decrypts a queued message,
 * maps it, and marks it processed — or quarantined with the reason — in one audited transaction.
 * A message not in `queued` state is skipped, so a redelivered job never maps twice.
 */
/** A batch transaction may take this long (50 messages with big documents, under load). */
const BATCH_TIMEOUT_MS = 60_000;
/** A message whose mapping collided with a concurrent one is mapped again this many times in all. */
const CONFLICT_ATTEMPTS = 3;

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
    private readonly load: ForegroundLoad,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by IngestModule when the HTTP server gets ready (never in CLI runs). */
  async start(): Promise<void> {
    const workers = this.config.INGEST_MAP_WORKERS;
    if (workers === 0) {
      this.logger.log('INGEST_MAP_WORKERS=0: this process receives HL7 messages, other nodes map them');
      return;
    }
    await this.jobs.ensureQueue(MAP_QUEUE, MAP_QUEUE_OPTIONS);
    await this.requeueStranded();
    // Several fetch loops, each mapping what it fetched (up to 50 messages) in one transaction.
    for (let i = 0; i < workers; i++) {
      await this.jobs.work<{ messageId: string }>(
        MAP_QUEUE,
        { batchSize: 50, pollingIntervalSeconds: 0.5 },
        async (batch) => {
          await this.yieldToReceipts(batch);
          return this.processBatch(batch.map((job) => job.data.messageId));
        },
      );
    }
  }

  /**
   * Receipts first (INGEST_MAP_MAX_LAG_MS): while senders wait for ACKs in this process, a fetched
   * batch waits, so the receipt keeps the two cores during a burst and the backlog is mapped after
   * it. The wait ends when receipts have slack again or the batch's oldest message reaches the lag
   * bound: under sustained load mapping then runs as if it never waited, at most that far behind.
   */
  private async yieldToReceipts(batch: { createdOn: Date }[]): Promise<void> {
    const oldest = Math.min(...batch.map((job) => job.createdOn.getTime()));
    await this.load.quiet(() => Date.now() - oldest >= this.config.INGEST_MAP_MAX_LAG_MS);
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
   * Maps a fetched batch in ONE transaction (one commit, one status update, one audit insert for
   * all), messages in arrival order (patient rows are written in one order by upsertImported, so
   * concurrent batches lock them alike). If any message fails — a mapping error, or a conflict with
   * another batch — the whole batch rolls back and its messages are mapped one by one, each ending
   * processed or quarantined on its own.
   */
  async processBatch(messageIds: string[]): Promise<void> {
    if (messageIds.length > 1) {
      try {
        await this.prisma.$transaction((tx) => this.mapAll(messageIds, tx), { timeout: BATCH_TIMEOUT_MS });
        return;
      } catch (error) {
        this.logger.debug(`batch of ${messageIds.length} mapped one by one: ${describe(error)}`);
      }
    }
    const inArrivalOrder = await this.prisma.ingestMessage.findMany({
      where: { id: { in: messageIds } },
      orderBy: [{ arrival: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    for (const { id } of inArrivalOrder) await this.process(id);
  }

  private async mapAll(messageIds: string[], tx: Prisma.TransactionClient): Promise<void> {
    const rows = await tx.$queryRaw<
      { id: string; status: string; raw_ciphertext: Uint8Array; arrival: bigint }[]
    >`
      SELECT "id", "status", "raw_ciphertext", "arrival" FROM "ingest_messages"
       WHERE "id" = ANY (${messageIds}::uuid[]) ORDER BY "arrival", "id" FOR UPDATE`;
    const parsed: MappedMessage[] = [];
    for (const row of rows.filter((r) => r.status === 'queued')) {
      const message = parseHl7(await this.cipher.decrypt(row.id, row.raw_ciphertext), this.ingest.limits);
      parsed.push({ messageId: row.id, message, arrival: BigInt(row.arrival) });
    }
    if (parsed.length === 0) return;
    const results = await this.mapper.mapMany(parsed, tx);
    await markMapped(results, tx);
    await this.audit.stage(
      results.flatMap((r) => [
        ...r.auditEvents,
        processEvent(r.messageId, { patientId: r.patientId, notMapped: r.notMapped }),
      ]),
      tx,
    );
  }

  /**
   * Maps one message under a row lock. Mapping errors (bad content, refused by the record) move it
   * to quarantine; anything else (database down) is rethrown so pg-boss retries the job.
   */
  async process(messageId: string, attempt = 1): Promise<void> {
    let reason: string | undefined;
    try {
      await this.prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ status: string; raw_ciphertext: Uint8Array; arrival: bigint }[]>`
          SELECT "status", "raw_ciphertext", "arrival" FROM "ingest_messages" WHERE "id" = ${messageId}::uuid FOR UPDATE`;
        const row = locked[0];
        if (!row || row.status !== 'queued') return;
        const raw = await this.cipher.decrypt(messageId, row.raw_ciphertext);
        const message = parseHl7(raw, this.ingest.limits);
        const result = await this.mapper.map({ messageId, message, arrival: BigInt(row.arrival) }, tx);
        await markMapped([result], tx);
        // Staged (chained by the sequencer after commit): mapping transactions commit in parallel.
        await this.audit.stage(
          [
            ...result.auditEvents,
            processEvent(messageId, { patientId: result.patientId, notMapped: result.notMapped }),
          ],
          tx,
        );
      });
      return;
    } catch (error) {
      if (!isMappingError(error)) throw error;
      // A conflict with a concurrent batch (both registering the same new patient or entry key): the
      // other committed meanwhile, so mapping again finds its rows instead of colliding with them.
      if (error instanceof ConflictError && attempt < CONFLICT_ATTEMPTS)
        return this.process(messageId, attempt + 1);
      reason = describe(error);
      this.logger.warn(`message ${messageId} quarantined: ${reason}`);
    }
    await this.prisma.$transaction(async (tx) => {
      const moved = await tx.ingestMessage.updateMany({
        where: { id: messageId, status: 'queued' },
        data: { status: 'quarantined', reason, attempts: { increment: 1 } },
      });
      if (moved.count === 0) return;
      await this.audit.stage([processEvent(messageId, { reason })], tx);
    });
  }
}

/**
 * Mapped messages `processed`, messages of a type without a mapping `unmapped` with the reason:
 * status, time and attempt count in one statement, for a batch or one.
 */
async function markMapped(
  results: { messageId: string; notMapped?: string }[],
  tx: Prisma.TransactionClient,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "ingest_messages" AS m
       SET "status" = (CASE WHEN r."reason" IS NULL THEN 'processed' ELSE 'unmapped' END)::"IngestMessageStatus",
           "reason" = r."reason", "processed_at" = now(), "attempts" = m."attempts" + 1
      FROM unnest(${results.map((r) => r.messageId)}::uuid[], ${results.map((r) => r.notMapped ?? null)}::text[])
        AS r("id", "reason")
     WHERE m."id" = r."id"`;
}

/**
 * The outcome of mapping one message: mapped (to this patient), stored without a mapping (success,
 * reason `not_mapped`), or quarantined with the reason.
 */
function processEvent(
  messageId: string,
  outcome: { patientId?: string; reason?: string; notMapped?: string },
): AuditEventInput {
  return auditEvent('ingest.process', {
    ids: [messageId],
    outcome: outcome.reason ? 'failure' : 'success',
    patientId: outcome.patientId,
    reason: outcome.reason ?? (outcome.notMapped ? 'not_mapped' : undefined),
  });
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
