import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module.js';
import { PatientErasureService } from '../patients/patient-erasure.service.js';
import { RecordsModule } from '../records/records.module.js';
import { PatientCorpusLoader } from './patient-corpus-loader.js';
import { REPORT_RETRIEVER } from './report-retriever.js';
import { RetrievalController } from './retrieval.controller.js';
import { RetrievalService } from './retrieval.service.js';

/** Global so the reports module's optional REPORT_RETRIEVER hook finds this ranking. */
@Global()
@Module({
  imports: [EmbeddingsModule, RecordsModule],
  controllers: [RetrievalController],
  providers: [
    RetrievalService,
    PatientCorpusLoader,
    { provide: REPORT_RETRIEVER, useExisting: RetrievalService },
  ],
  exports: [RetrievalService, REPORT_RETRIEVER],
})
export class RetrievalModule implements OnModuleInit {
  constructor(
    private readonly erasure: PatientErasureService,
    private readonly retrieval: RetrievalService,
  ) {}

  /** Erasure: the patient's decrypted corpus leaves memory at once, not when the cache expires. */
  onModuleInit(): void {
    this.erasure.onErase(async (patientId) => this.retrieval.forget(patientId));
  }
}
