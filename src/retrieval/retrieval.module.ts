import { Global, Module } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { REPORT_RETRIEVER } from '../reports/evidence/patient-evidence.service.js';
import { PatientCorpusLoader } from './patient-corpus-loader.js';
import { RetrievalController } from './retrieval.controller.js';
import { RetrievalService } from './retrieval.service.js';

/** Global so the reports module's optional REPORT_RETRIEVER hook finds this ranking. */
@Global()
@Module({
  imports: [EmbeddingsModule, PatientsModule],
  controllers: [RetrievalController],
  providers: [
    RetrievalService,
    PatientCorpusLoader,
    { provide: REPORT_RETRIEVER, useExisting: RetrievalService },
  ],
  exports: [RetrievalService, REPORT_RETRIEVER],
})
export class RetrievalModule {}
