import { Injectable } from '@nestjs/common';
import { auditOf, type Caller } from '../access/caller.js';
import { PatientAccessService } from '../access/patient-access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ReportRetriever } from '../reports/evidence/patient-evidence.service.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import { EmbeddingRefreshWorker } from '../embeddings/entries/embedding-refresh.worker.js';
import type { RetrievalResultDto } from './dto/retrieval.dto.js';
import { QueryExpansion } from './lexicon/query-expansion.js';
import { PatientCorpusLoader } from './patient-corpus-loader.js';
import { DEFAULT_FUSION_WEIGHTS } from './ranking/fusion-weights.js';
import { rankEntries } from './ranking/hybrid-ranker.js';
import { kindPriors } from './ranking/kind-priors.js';
import type { PatientCorpus } from './ranking/patient-corpus.js';
import { PatientCorpusCache } from './ranking/patient-corpus-cache.js';

/**
 * Per-patient hybrid retrieval (README.md): one authorized patient per question, checked by
 * `PatientAccessService` (a patient the caller may not see is a 404) and audited as
 * `retrieval.query` — a read of exactly the entries returned — in the same transaction.
 */
/** How many ranked entries a report draft gets from retrieval. */
export const REPORT_RETRIEVAL_LIMIT = 20;

@Injectable()
export class RetrievalService implements ReportRetriever {
  private readonly expansion = new QueryExpansion();
  private readonly cache = new PatientCorpusCache();
  private readonly versions = new WeakMap<PatientCorpus, Map<string, number>>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly embeddings: EmbeddingsService,
    private readonly loader: PatientCorpusLoader,
    private readonly refresh: EmbeddingRefreshWorker,
  ) {}

  async retrieve(
    patientId: string,
    question: string,
    limit: number,
    caller: Caller,
  ): Promise<RetrievalResultDto> {
    const model = this.embeddings.model;
    return this.prisma.$transaction(async (tx) => {
      const { purposeOfUse } = await this.access
        .requireAccess(caller, patientId, tx)
        .catch((error: unknown) => {
          this.cache.invalidate(patientId); // erased (or no longer visible): drop any decrypted copy now
          throw error;
        });
      const stamp = await this.loader.stamp(patientId, model.id, tx);
      const corpus = await this.cache.get(patientId, stamp, async () => {
        const { corpus, versions } = await this.loader.load(patientId, model.id, tx);
        this.versions.set(corpus, versions);
        return corpus;
      });
      const unembedded = corpus.entries.filter((entry) => !entry.vector).length;
      if (unembedded) void this.refresh.requestRefresh();
      const [vector] = await model.embed([question]);
      const ranked = rankEntries(
        corpus,
        { terms: this.expansion.expand(question), vector, kinds: kindPriors(question) },
        { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: new Date(), limit },
      );
      await this.audit.record(
        {
          type: 'retrieval.query',
          action: 'R',
          outcome: 'success',
          patientId,
          purposeOfUse,
          entity: { type: 'entry', ids: ranked.map((entry) => entry.id) },
          ...auditOf(caller),
        },
        tx,
      );
      const byId = new Map(corpus.entries.map((entry) => [entry.id, entry]));
      return {
        modelId: model.id,
        unembedded,
        results: ranked.map(({ id, score, signals, passage }) => {
          const entry = byId.get(id)!;
          return {
            entryId: id,
            kind: entry.kind,
            occurredAt: entry.occurredAt,
            version: this.versions.get(corpus)?.get(id) ?? 0,
            score,
            text: entry.text,
            passage,
            signals,
          };
        }),
      };
    });
  }

  /** The reports module's hook (REPORT_RETRIEVER): entry ids best first, access-checked and audited. */
  async rank(patientId: string, question: string, caller: Caller): Promise<string[]> {
    const { results } = await this.retrieve(patientId, question, REPORT_RETRIEVAL_LIMIT, caller);
    return results.map((result) => result.entryId);
  }

  /** Drop the patient's cached corpus at once (erasure). */
  forget(patientId: string): void {
    this.cache.invalidate(patientId);
  }
}
