import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaService } from '../database/prisma.service.js';
import type { IngestImportJob } from '../generated/prisma/client.js';

/** What an integration engineer watches: the mapping backlog, the quarantine, running imports. */
export interface IngestStatus {
  /** Stored and ACKed, waiting for a mapping worker (on any node). */
  queued: number;
  /** When the oldest waiting message was received: how far mapping lags behind receipt. */
  oldestQueuedAt: Date | null;
  quarantined: number;
  /** Accepted and stored, of a type without a mapping (listed with the quarantine, replayable). */
  unmapped: number;
  importsRunning: number;
  /** Mapping fetch loops in this process (0: a receive-only node; other nodes map). */
  mapWorkersHere: number;
}

export type ImportJobView = Omit<IngestImportJob, 'bytesTotal' | 'bytesRead'> & {
  bytesTotal: number | null;
  bytesRead: number;
};

/** Read-only views of the import: counts and job summaries, never message content. */
@Injectable()
export class IngestStatusService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(): Promise<IngestStatus> {
    // Each is an index lookup on (status, received_at) or a small table, however large the inbox.
    const [queued, oldest, quarantined, unmapped, importsRunning] = await Promise.all([
      this.prisma.ingestMessage.count({ where: { status: 'queued' } }),
      this.prisma.ingestMessage.findFirst({
        where: { status: 'queued' },
        orderBy: { receivedAt: 'asc' },
        select: { receivedAt: true },
      }),
      this.prisma.ingestMessage.count({ where: { status: 'quarantined' } }),
      this.prisma.ingestMessage.count({ where: { status: 'unmapped' } }),
      this.prisma.ingestImportJob.count({ where: { status: 'running' } }),
    ]);
    return {
      queued,
      oldestQueuedAt: oldest?.receivedAt ?? null,
      quarantined,
      unmapped,
      importsRunning,
      mapWorkersHere: this.config.INGEST_MAP_WORKERS,
    };
  }

  /** Import jobs (files, HTTP submissions), newest first. */
  async jobs(limit: number, before?: Date): Promise<ImportJobView[]> {
    const rows = await this.prisma.ingestImportJob.findMany({
      where: before ? { createdAt: { lt: before } } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toView);
  }

  async job(id: string): Promise<ImportJobView> {
    const job = await this.prisma.ingestImportJob.findUnique({ where: { id } });
    if (!job) throw new NotFoundError('import job');
    return toView(job);
  }
}

function toView(job: IngestImportJob): ImportJobView {
  return {
    ...job,
    bytesTotal: job.bytesTotal === null ? null : Number(job.bytesTotal),
    bytesRead: Number(job.bytesRead),
  };
}
