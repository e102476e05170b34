import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditActor, AuditEventInput } from '../audit/audit.types.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { inTransaction } from '../database/pg-transaction.js';
import { PG_POOL } from '../database/prisma.service.js';
import type { IngestChannel } from '../generated/prisma/enums.js';
import { ForegroundLoad } from '../jobs/foreground-load.js';
import { JobsService } from '../jobs/jobs.service.js';
import { buildAck, buildErrorAck } from './hl7/hl7-ack.js';
import { Hl7Error, type AckCode } from './hl7/hl7-errors.js';
import type { Hl7Limits } from './hl7/hl7-limits.js';
import { InboxCipher } from './inbox-cipher.js';
import { InboxStore, type InboxRow } from './inbox-store.js';
import { GroupCommitter } from './group-commit.js';
import { UnmappedPolicy } from './hl7/message-types.js';
import { hl7LimitsFrom, type SenderAllowList } from './ingest-settings.js';
import { assessMessage } from './message-assessment.js';
import type { SenderIdentity } from './senders/sender-bindings.js';
import { SenderGate } from './senders/sender-gate.js';

export const MAP_QUEUE = 'ingest-map';
/** A job taken by a process that died is retried after this long (mapping takes milliseconds). */
export const MAP_QUEUE_OPTIONS = { expireInSeconds: 300 };

export interface ReceiveContext {
  channel: IngestChannel;
  importJobId?: string;
  actor?: AuditActor;
  correlationId?: string;
  /** Who delivered it, as the transport established it; absent for operators (files, replays). */
  sender?: SenderIdentity;
}

export interface Received {
  ack: string;
  ackCode: AckCode;
  /** Empty when the sender was refused: nothing of the message was stored. */
  messageId: string;
  duplicate: boolean;
  controlId?: string;
  /** For AE/AR: why (positions and codes only). */
  reason?: string;
}

/** Receipt transactions in flight at once (parallel commits; more only adds contention on 2 cores). */
const RECEIPT_TRANSACTIONS = 2;

/**
 * The receiving end of every channel (MLLP, HTTP, files). One message, one transaction: the raw
 * bytes (encrypted), its de-duplication key, its ACK, its mapping job and its audit event commit
 * together, and only then is the ACK returned to be sent. Refused messages are kept in quarantine.
 */
@Injectable()
export class IngestService {
  readonly limits: Hl7Limits;
  readonly senders: SenderAllowList;
  /** INGEST_UNMAPPED: accepted types without a mapping are stored (AA) or refused (AR). */
  readonly unmapped: UnmappedPolicy;
  /**
   * Concurrent single messages (MLLP connections, HTTP calls) share transactions (group commit),
   * with a few transactions in flight: their audit events are staged, so they commit in parallel.
   */
  private readonly group = new GroupCommitter(
    (items: { raw: Buffer | undefined; context: ReceiveContext }[]) => this.receiveMany(items),
    100,
    RECEIPT_TRANSACTIONS,
    () => this.load.noteWaiting(), // senders are waiting: background work in this process yields
  );

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly cipher: InboxCipher,
    private readonly store: InboxStore,
    private readonly load: ForegroundLoad,
    private readonly gate: SenderGate,
  ) {
    this.limits = hl7LimitsFrom(config);
    this.unmapped = new UnmappedPolicy(config.INGEST_UNMAPPED);
    this.senders = gate.bindings;
  }

  /** `raw` undefined: a frame that exceeded the size limit (nothing of it was kept). */
  async receive(raw: Buffer | undefined, context: ReceiveContext): Promise<Received> {
    return this.group.submit({ raw, context });
  }

  /**
   * Several messages in ONE transaction (a batch file's chunk, or one MLLP message): each answered
   * as if alone — AA stored and queued, a repeat gets its original ACK, AE/AR quarantined — and
   * every answer is valid only once this returns (after commit). A message its sender may not send
   * is answered AR and not stored at all (SenderGate): only an `ingest.refused` event is.
   */
  async receiveMany(items: { raw: Buffer | undefined; context: ReceiveContext }[]): Promise<Received[]> {
    const rows: InboxRow[] = [];
    const results: Received[] = [];
    const refusedEvents: AuditEventInput[] = [];
    const assessments = items.map(({ raw }) => assessMessage(raw, this.limits, this.senders, this.unmapped));
    const refusals = await this.gate.refusals(
      items.map(({ raw, context }, i) => ({ raw, ...context, assessment: assessments[i]! })),
    );
    for (const [i, { raw, context }] of items.entries()) {
      const assessment = assessments[i]!;
      const refusal = refusals[i];
      if (refusal) {
        const error = new Hl7Error('unknown_sender', refusal.reason, 'MSH^1^3');
        results.push({
          ack: buildErrorAck(assessment.message ?? null, error),
          ackCode: error.ackCode,
          messageId: '',
          duplicate: false,
          controlId: assessment.message?.controlId || undefined,
          reason: error.reason,
        });
        refusedEvents.push(refusal.event);
        continue;
      }
      const id = randomUUID();
      const bytes = raw ?? Buffer.alloc(0);
      const row = {
        id,
        channel: context.channel,
        header: assessment.header,
        rawCiphertext: await this.cipher.encrypt(id, bytes),
        rawBytes: bytes.length,
        importJobId: context.importJobId,
      };
      if (assessment.ok) {
        const ack = buildAck(assessment.message, { code: 'AA' });
        rows.push({ ...row, ackCode: 'AA', ack, jobId: randomUUID() });
        results.push({
          ack,
          ackCode: 'AA',
          messageId: id,
          duplicate: false,
          controlId: assessment.header.controlId,
        });
      } else {
        const { error, message } = assessment;
        const ack = buildErrorAck(message ?? null, error, undefined, assessment.controlId);
        rows.push({ ...row, ackCode: error.ackCode, ack, reason: `${error.code}: ${error.reason}` });
        results.push({
          ack,
          ackCode: error.ackCode,
          messageId: id,
          duplicate: false,
          controlId: assessment.header?.controlId ?? assessment.controlId,
          reason: error.reason,
        });
      }
    }
    await this.jobs.ensureQueue(MAP_QUEUE, MAP_QUEUE_OPTIONS);
    return inTransaction(this.pool, async (tx) => {
      const { inserted, duplicates } =
        rows.length > 0 ? await this.store.insert(tx, rows) : { inserted: new Set(), duplicates: new Map() };
      const jobs = rows.filter((row) => row.jobId && inserted.has(row.id));
      if (jobs.length > 0) {
        await this.jobs.sendMany(
          MAP_QUEUE,
          jobs.map((row) => ({ id: row.jobId!, data: { messageId: row.id } })),
          { tx, retryLimit: 3, retryBackoff: true },
        );
      }
      const stored = results.flatMap((result, i) => (result.messageId ? [{ result, i }] : []));
      const events: AuditEventInput[] = stored.map(({ result, i }, n) => {
        const original = duplicates.get(result.messageId);
        if (original) {
          results[i] = { ...result, ack: original.ack, messageId: original.id, duplicate: true };
        }
        return auditEvent(original ? 'ingest.duplicate' : 'ingest.receive', {
          ids: [original?.id ?? result.messageId],
          outcome: result.ackCode === 'AA' ? 'success' : 'failure',
          reason: result.ackCode === 'AA' ? undefined : rows[n]!.reason?.split(':')[0],
          actor: items[i]!.context.actor,
          correlationId: items[i]!.context.correlationId,
        });
      });
      // Staged, not chained here: receipt transactions then commit in parallel (see AuditSequencer).
      await this.audit.stage([...events, ...refusedEvents], tx);
      return results;
    });
  }
}
