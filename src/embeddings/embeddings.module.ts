import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { EmbeddingsService } from './embeddings.service.js';

@Module({ imports: [HealthModule], providers: [EmbeddingsService], exports: [EmbeddingsService] })
export class EmbeddingsModule {}
