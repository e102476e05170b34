import { Injectable, Logger } from '@nestjs/common';
import { ForegroundLoad } from '../../jobs/foreground-load.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { EntryWrites } from '../../records/entry-writes.js';
import { EntryEmbeddingService } from './entry-embedding.service.js';

export const EMBEDDING_REFRESH_QUEUE = 'embeddings-refresh';
/**
 * While senders wait on this process (an HL7 burst), a sweep's next chunk waits at most this long:
 * retrieval ranks unembedded entries lexically meanwhile, and sweeps still progress under any load.
 */
const YIELD_MAX_MS = 2_000;
/** Seconds between sweeps (a missed announcement, another model's vectors, a failed sweep). */
export const REFRESH_INTERVAL_SECONDS = 10;

/**
 * Works the `embeddings-refresh` queue in the server process: each job embeds every pending entry
 * (new, amended, imported, or under an older model — so a model change re-embeds in the
 * background) and queues the next sweep. It subscribes to the records module's announced writes
 * (`EntryWrites`: after any committed transaction that added or amended entries, on any node) and
 * asks for a sweep then. The queue's `short` policy keeps at most one job waiting, so a burst of
 * writes never piles up jobs. Until an entry is embedded, retrieval ranks it lexically.
 */
@Injectable()
export class EmbeddingRefreshWorker {
  private readonly logger = new Logger('Embeddings');

  constructor(
    private readonly jobs: JobsService,
    private readonly entries: EntryEmbeddingService,
    private readonly load: ForegroundLoad,
    private readonly writes: EntryWrites,
  ) {}

  /** Called when the HTTP server gets ready (never in CLI runs). */
  async start(): Promise<void> {
    await this.jobs.ensureQueue(EMBEDDING_REFRESH_QUEUE, { policy: 'short' });
    await this.jobs.work(EMBEDDING_REFRESH_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
      try {
        // Senders waiting on this process go first; a chunk waits for them at most YIELD_MAX_MS.
        const embedded = await this.entries.embedAllPending(512, async () => {
          const started = Date.now();
          await this.load.quiet(() => Date.now() - started >= YIELD_MAX_MS);
        });
        if (embedded) this.logger.log(`embedded ${embedded} entries`);
      } catch (error) {
        this.logger.warn(`embedding sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await this.requestRefresh(REFRESH_INTERVAL_SECONDS);
      }
    });
    await this.writes.subscribe(() => void this.requestRefresh());
    await this.requestRefresh();
  }

  /**
   * Asks for a sweep now (after a write), or after `delaySeconds` (the periodic one); a no-op when
   * one of that kind is already waiting. The two kinds have their own singleton keys: under the
   * `short` policy a waiting delayed sweep would otherwise swallow every request for one now.
   */
  async requestRefresh(delaySeconds = 0): Promise<void> {
    await this.jobs
      .send(
        EMBEDDING_REFRESH_QUEUE,
        {},
        delaySeconds ? { startAfter: delaySeconds, singletonKey: 'periodic' } : { singletonKey: 'written' },
      )
      .catch(() => undefined);
  }
}
