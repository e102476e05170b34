import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HealthModule } from '../health/health.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { EmbeddingsService } from './embeddings.service.js';
import { EmbeddingRefreshWorker } from './entries/embedding-refresh.worker.js';
import { EntryEmbeddingService } from './entries/entry-embedding.service.js';

@Module({
  imports: [HealthModule, JobsModule],
  providers: [EmbeddingsService, EntryEmbeddingService, EmbeddingRefreshWorker],
  exports: [EmbeddingsService, EntryEmbeddingService, EmbeddingRefreshWorker],
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
