import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.types.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { buildAck } from './hl7/hl7-ack.js';
import { InboxCipher } from './inbox-cipher.js';
import { dedupKey } from './inbox-store.js';
import { IngestService, MAP_QUEUE, MAP_QUEUE_OPTIONS } from './ingest.service.js';
import { assessMessage } from './message-assessment.js';

export interface QuarantinedMessage {
  id: string;
  channel: string;
  receivedAt: Date;
  sendingApplication: string | null;
  sendingFacility: string | null;
  controlId: string | null;
  messageType: string | null;
  /** `quarantined` (refused, or mapping failed) or `unmapped` (accepted, stored, no mapping yet). */
  status: string;
  ackCode: string;
  reason: string | null;
  attempts: number;
}

export interface ReplayOutcome {
  id: string;
  status: 'queued' | 'quarantined';
  reason: string | null;
}

const SUMMARY = {
  id: true,
  channel: true,
  receivedAt: true,
  sendingApplication: true,
  sendingFacility: true,
  controlId: true,
  messageType: true,
  status: true,
  ackCode: true,
  reason: true,
  attempts: true,
} as const;

/**
 * Quarantined messages, and accepted messages of a type without a mapping (`unmapped`):
 * listed (metadata and reasons only) and replayed after a fix or a new mapping; never deleted.
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: InboxCipher,
    private readonly ingest: IngestService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  async list(limit: number, before?: Date): Promise<QuarantinedMessage[]> {
    return this.prisma.ingestMessage.findMany({
      where: {
        status: { in: ['quarantined', 'unmapped'] },
        ...(before ? { receivedAt: { lt: before } } : {}),
      },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: SUMMARY,
    });
  }

  /**
   * Runs a quarantined message through the checks again (after a fix: configuration, allow-list,
   * mapping). Accepted now: queued for mapping with a new job. Otherwise it stays, with the new reason.
   */
  async replay(id: string, audit: { actor: AuditActor; correlationId: string }): Promise<ReplayOutcome> {
    const row = await this.prisma.ingestMessage.findFirst({
      where: { id, status: { in: ['quarantined', 'unmapped'] } },
    });
    if (!row) throw new NotFoundError('quarantined message');
    const raw = await this.cipher.decrypt(id, row.rawCiphertext);
    const assessment = assessMessage(raw, this.ingest.limits, this.ingest.senders, this.ingest.unmapped);
    await this.jobs.ensureQueue(MAP_QUEUE, MAP_QUEUE_OPTIONS);
    return this.prisma.$transaction(async (tx) => {
      let outcome: ReplayOutcome;
      if (assessment.ok) {
        const key = dedupKey(assessment.header);
        const other = await tx.ingestMessage.findUnique({ where: { dedupKey: key }, select: { id: true } });
        if (other && other.id !== id) {
          outcome = { id, status: 'quarantined', reason: `duplicate: already accepted as ${other.id}` };
        } else {
          const jobId = randomUUID();
          await tx.ingestMessage.update({
            where: { id },
            data: {
              status: 'queued',
              reason: null,
              dedupKey: key,
              ackCode: 'AA',
              ack: buildAck(assessment.message, { code: 'AA' }),
              jobId,
              messageType: assessment.header.messageType,
              controlId: assessment.header.controlId,
              sendingApplication: assessment.header.sendingApplication,
              sendingFacility: assessment.header.sendingFacility,
            },
          });
          await this.jobs.send(
            MAP_QUEUE,
            { messageId: id },
            { id: jobId, tx, retryLimit: 3, retryBackoff: true },
          );
          outcome = { id, status: 'queued', reason: null };
        }
      } else {
        outcome = {
          id,
          status: 'quarantined',
          reason: `${assessment.error.code}: ${assessment.error.reason}`,
        };
      }
      if (outcome.status === 'quarantined') {
        await tx.ingestMessage.update({
          where: { id },
          data: { status: 'quarantined', reason: outcome.reason, attempts: { increment: 1 } },
        });
      }
      await this.audit.record(
        auditEvent('ingest.replay', {
          ids: [id],
          outcome: outcome.status === 'queued' ? 'success' : 'failure',
          ...audit,
        }),
        tx,
      );
      return outcome;
    });
  }
}
