import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HealthModule } from '../health/health.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { RecordsModule } from '../records/records.module.js';
import { EmbeddingsService } from './embeddings.service.js';
import { EmbeddingRefreshWorker } from './entries/embedding-refresh.worker.js';
import { EntryEmbeddingService } from './entries/entry-embedding.service.js';
import { EntryVectorStore } from './entries/entry-vector-store.js';

@Module({
  imports: [HealthModule, JobsModule, RecordsModule],
  providers: [EmbeddingsService, EntryEmbeddingService, EntryVectorStore, EmbeddingRefreshWorker],
  exports: [EmbeddingsService, EntryEmbeddingService, EntryVectorStore],
})
export class EmbeddingsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly worker: EmbeddingRefreshWorker,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance();
    if (!fastify) return; // CLI: no background embedding
    fastify.addHook('onReady', async () => {
      await this.worker.start();
    });
  }
}
