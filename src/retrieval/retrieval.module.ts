import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module.js';
import { EntryEmbeddingService } from '../embeddings/entries/entry-embedding.service.js';
import { PatientErasureService } from '../patients/patient-erasure.service.js';
import { RecordsModule } from '../records/records.module.js';
import { MemorySnapshotStore } from './memory-snapshot-store.js';
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
    MemorySnapshotStore,
    { provide: REPORT_RETRIEVER, useExisting: RetrievalService },
  ],
  exports: [RetrievalService, REPORT_RETRIEVER],
})
export class RetrievalModule implements OnModuleInit {
  constructor(
    private readonly erasure: PatientErasureService,
    private readonly retrieval: RetrievalService,
    private readonly snapshots: MemorySnapshotStore,
    private readonly embedding: EntryEmbeddingService,
  ) {}

  /**
   * Erasure: the patient's decrypted corpus leaves memory at once, its snapshot the database.
   * New vectors: the patient's snapshot is rebuilt in the background.
   */
  onModuleInit(): void {
    this.embedding.onEmbedded((patientId) => this.retrieval.refreshLater(patientId));
    this.erasure.onErase(async (patientId, tx) => {
      this.retrieval.forget(patientId);
      await this.snapshots.erase(patientId, tx); // the encrypted memory goes with the record
    });
  }
}
