import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HealthService, type ComponentHealth } from '../health/health.service.js';
import type { EmbeddingModel } from './embedding-model.js';
import { loadEmbeddingModel } from './load-embedding-model.js';

/**
 * Holds the configured embedding model for the process. The model is loaded during start-up, so
 * a bad EMBEDDING_MODEL or an unusable EMBEDDING_DEVICE stops the app with a clear message.
 */
@Injectable()
export class EmbeddingsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Embeddings');
  private loaded?: EmbeddingModel;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register({ name: 'embeddings', check: async () => this.status() });
    this.loaded = await loadEmbeddingModel(this.config, this.logger);
    const { id, dimension, provider } = this.loaded;
    this.logger.log(`embedding model ${id} (${dimension}-d) on ${provider}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loaded?.close();
    this.loaded = undefined;
  }

  get model(): EmbeddingModel {
    if (!this.loaded) throw new Error('embedding model not loaded');
    return this.loaded;
  }

  /** L2-normalised vectors, one per text, in input order. */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.model.embed(texts);
  }

  private status(): ComponentHealth {
    if (!this.loaded) return { status: 'down', model: this.config.EMBEDDING_MODEL };
    const { id, dimension, provider } = this.loaded;
    return { status: 'up', model: id, dimension, provider };
  }
}
