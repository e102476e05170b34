import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.types.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { PrismaService } from '../database/prisma.service.js';
import type { IngestChannel } from '../generated/prisma/enums.js';
import { streamBatch } from './batch/batch-splitter.js';
import { IngestService, type Received } from './ingest.service.js';
import type { SenderIdentity } from './senders/sender-bindings.js';

export interface ImportOptions {
  channel: IngestChannel;
  /** A file name or 'http': shown in the job, never content. */
  source: string;
  bytesTotal?: number;
  createdBy?: string;
  actor?: AuditActor;
  correlationId?: string;
  /** Who delivered the file (the HTTP caller); absent for operators at the shell. */
  sender?: SenderIdentity;
  onProgress?: (progress: ImportProgress) => void;
  /** Every ACK, in order (HTTP returns them). */
  onAck?: (index: number, received: Received) => void;
}

export interface ImportProblem {
  index: number;
  code: string;
  reason: string;
}

export interface ImportProgress {
  jobId: string;
  bytesRead: number;
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  problems: ImportProblem[];
}

const MAX_PROBLEMS = 100;
const SAVE_EVERY_MS = 1_000;
/** Messages of a file stored per transaction: files need no per-message ACK before the next one. */
const CHUNK_MESSAGES = 200;
const CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * One import job for a file or batch (FHS/BHS…), streamed: each message goes through
 * IngestService.receive (stored, ACKed, de-duplicated, quarantined) and the job row carries progress
 * and a summary. Memory stays bounded by the message size limit whatever the input size.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
  ) {}

  async run(source: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportProgress> {
    const jobId = randomUUID();
    await this.prisma.ingestImportJob.create({
      data: {
        id: jobId,
        channel: options.channel,
        source: options.source.slice(0, 200),
        bytesTotal: options.bytesTotal,
        createdBy: options.createdBy,
      },
    });
    const progress: ImportProgress = {
      jobId,
      bytesRead: 0,
      messages: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      problems: [],
    };
    const counted = countBytes(source, (n) => (progress.bytesRead += n));
    let savedAt = Date.now();
    let pending: { index: number; raw: Buffer }[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const chunk = pending;
      pending = [];
      pendingBytes = 0;
      const context = {
        channel: options.channel,
        importJobId: jobId,
        actor: options.actor,
        correlationId: options.correlationId,
        sender: options.sender,
      };
      const received = await this.ingest.receiveMany(chunk.map((item) => ({ raw: item.raw, context })));
      received.forEach((result, i) => {
        const index = chunk[i]!.index;
        options.onAck?.(index, result);
        if (result.duplicate) progress.duplicates++;
        else if (result.ackCode === 'AA') progress.accepted++;
        else {
          progress.rejected++;
          this.problem(progress, { index, code: result.ackCode, reason: result.reason ?? '' });
        }
      });
    };
    try {
      for await (const item of streamBatch(counted, this.ingest.limits.maxMessageBytes)) {
        progress.messages++;
        if (item.kind === 'error') {
          await flush(); // keep problems and ACKs in file order
          progress.rejected++;
          this.problem(progress, { index: item.index, code: 'batch_envelope', reason: item.reason });
        } else {
          pending.push({ index: item.index, raw: item.raw });
          pendingBytes += item.raw.length;
          if (pending.length >= CHUNK_MESSAGES || pendingBytes >= CHUNK_BYTES) await flush();
        }
        if (Date.now() - savedAt > SAVE_EVERY_MS) {
          await flush();
          savedAt = Date.now();
          await this.save(progress, 'running');
          options.onProgress?.(progress);
        }
      }
      await flush();
    } catch (error) {
      await this.save(progress, 'failed');
      throw error;
    }
    await this.prisma.$transaction(async (tx) => {
      await this.save(progress, 'completed', tx);
      await this.audit.record(
        auditEvent('ingest.import', {
          ids: [jobId],
          actor: options.actor,
          correlationId: options.correlationId,
        }),
        tx,
      );
    });
    options.onProgress?.(progress);
    return progress;
  }

  private problem(progress: ImportProgress, problem: ImportProblem): void {
    if (progress.problems.length < MAX_PROBLEMS) progress.problems.push(problem);
  }

  private async save(
    progress: ImportProgress,
    status: 'running' | 'completed' | 'failed',
    db: Pick<PrismaService, 'ingestImportJob'> = this.prisma,
  ): Promise<void> {
    await db.ingestImportJob.update({
      where: { id: progress.jobId },
      data: {
        status,
        bytesRead: progress.bytesRead,
        messages: progress.messages,
        accepted: progress.accepted,
        duplicates: progress.duplicates,
        rejected: progress.rejected,
        problems: progress.problems as object[],
        ...(status === 'running' ? {} : { finishedAt: new Date() }),
      },
    });
  }
}

async function* countBytes(
  source: AsyncIterable<Uint8Array>,
  add: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    add(chunk.byteLength);
    yield chunk;
  }
}
