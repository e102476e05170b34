import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { PatientCorpusLoader } from './patient-corpus-loader.js';
import { RetrievalController } from './retrieval.controller.js';
import { RetrievalService } from './retrieval.service.js';

@Module({
  imports: [EmbeddingsModule, PatientsModule],
  controllers: [RetrievalController],
  providers: [RetrievalService, PatientCorpusLoader],
  exports: [RetrievalService],
})
export class RetrievalModule {}
