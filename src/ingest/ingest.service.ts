import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.types.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaService } from '../database/prisma.service.js';
import type { IngestChannel } from '../generated/prisma/enums.js';
import { JobsService } from '../jobs/jobs.service.js';
import { buildAck, buildErrorAck } from './hl7/hl7-ack.js';
import type { AckCode } from './hl7/hl7-errors.js';
import type { Hl7Limits } from './hl7/hl7-limits.js';
import { InboxCipher } from './inbox-cipher.js';
import { InboxStore } from './inbox-store.js';
import { hl7LimitsFrom, SenderAllowList } from './ingest-settings.js';
import { assessMessage } from './message-assessment.js';

export const MAP_QUEUE = 'ingest-map';

export interface ReceiveContext {
  channel: IngestChannel;
  importJobId?: string;
  actor?: AuditActor;
  correlationId?: string;
}

export interface Received {
  ack: string;
  ackCode: AckCode;
  messageId: string;
  duplicate: boolean;
  controlId?: string;
  /** For AE/AR: why (positions and codes only). */
  reason?: string;
}

/**
 * The receiving end of every channel (MLLP, HTTP, files). One message, one transaction: the raw
 * bytes (encrypted), its de-duplication key, its ACK, its mapping job and its audit event commit
 * together, and only then is the ACK returned to be sent. Refused messages are kept in quarantine.
 */
@Injectable()
export class IngestService {
  readonly limits: Hl7Limits;
  readonly senders: SenderAllowList;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly cipher: InboxCipher,
    private readonly store: InboxStore,
  ) {
    this.limits = hl7LimitsFrom(config);
    this.senders = new SenderAllowList(config.INGEST_ALLOWED_SENDERS, config.NODE_ENV === 'production');
  }

  /** `raw` undefined: a frame that exceeded the size limit (nothing of it was kept). */
  async receive(raw: Buffer | undefined, context: ReceiveContext): Promise<Received> {
    const assessment = assessMessage(raw, this.limits, this.senders);
    const id = randomUUID();
    const bytes = raw ?? Buffer.alloc(0);
    const rawCiphertext = await this.cipher.encrypt(id, bytes);
    const base = {
      id,
      channel: context.channel,
      rawCiphertext,
      rawBytes: bytes.length,
      importJobId: context.importJobId,
    };
    const event = {
      action: 'C' as const,
      actor: context.actor,
      correlationId: context.correlationId,
      entity: { type: 'IngestMessage', ids: [id] },
    };

    if (!assessment.ok) {
      const { error, message, header } = assessment;
      const ack = buildErrorAck(message ?? null, error);
      await this.prisma.$transaction(async (tx) => {
        await this.store.insertQuarantined(tx, {
          ...base,
          header,
          ackCode: error.ackCode,
          ack,
          reason: `${error.code}: ${error.reason}`,
        });
        await this.audit.record(
          { ...event, type: 'ingest.receive', outcome: 'failure', reason: error.code },
          tx,
        );
      });
      return {
        ack,
        ackCode: error.ackCode,
        messageId: id,
        duplicate: false,
        controlId: header?.controlId,
        reason: error.reason,
      };
    }

    const { message, header } = assessment;
    const ack = buildAck(message, { code: 'AA' });
    const jobId = randomUUID();
    await this.jobs.ensureQueue(MAP_QUEUE);
    return this.prisma.$transaction(async (tx) => {
      const stored = await this.store.insertAccepted(tx, { ...base, header, ackCode: 'AA', ack, jobId });
      if (!stored.inserted) {
        await this.audit.record(
          {
            ...event,
            type: 'ingest.duplicate',
            outcome: 'success',
            entity: { type: 'IngestMessage', ids: [stored.originalId] },
          },
          tx,
        );
        return {
          ack: stored.ack,
          ackCode: 'AA',
          messageId: stored.originalId,
          duplicate: true,
          controlId: header.controlId,
        };
      }
      await this.jobs.send(
        MAP_QUEUE,
        { messageId: id },
        { id: jobId, tx, retryLimit: 3, retryBackoff: true },
      );
      await this.audit.record({ ...event, type: 'ingest.receive', outcome: 'success' }, tx);
      return { ack, ackCode: 'AA', messageId: id, duplicate: false, controlId: header.controlId };
    });
  }
}
