import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { PatientAccessService } from '../access/patient-access.service.js';
import type { Caller } from '../common/caller.js';
import { inTransaction } from '../database/pg-transaction.js';
import { PG_POOL } from '../database/prisma.service.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import type { RetrievalResultDto } from './dto/retrieval.dto.js';
import { QueryExpansion } from './lexicon/query-expansion.js';
import { MemorySnapshotStore } from './memory-snapshot-store.js';
import { PatientCorpusLoader } from './patient-corpus-loader.js';
import type { ReportRetriever, RetrievedForReport } from './report-retriever.js';
import { DEFAULT_FUSION_WEIGHTS } from './ranking/fusion-weights.js';
import { rankEntries } from './ranking/hybrid-ranker.js';
import { kindPriors } from './ranking/kind-priors.js';
import type { PatientCorpus } from './ranking/patient-corpus.js';
import { PatientCorpusCache } from './ranking/patient-corpus-cache.js';

/** How many ranked entries a report draft gets from retrieval. */
export const REPORT_RETRIEVAL_LIMIT = 20;

/**
 * Per-patient hybrid retrieval (README.md): one authorized patient per question, checked by
 * `PatientAccessService` (a patient the caller may not see is a 404), read through the records
 * read port, and audited as `retrieval.query` — a read of exactly the entries returned — in the
 * same transaction.
 */
@Injectable()
export class RetrievalService implements ReportRetriever {
  private readonly expansion = new QueryExpansion();
  private readonly cache = new PatientCorpusCache();
  private readonly versions = new WeakMap<PatientCorpus, Map<string, number>>();

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly access: PatientAccessService,
    private readonly embeddings: EmbeddingsService,
    private readonly loader: PatientCorpusLoader,
    private readonly snapshots: MemorySnapshotStore,
  ) {}

  async retrieve(
    patientId: string,
    question: string,
    limit: number,
    caller: Caller,
  ): Promise<RetrievalResultDto> {
    const model = this.embeddings.model;
    // A node-postgres transaction: no Prisma interactive-transaction timeout (5 s) for a large
    // uncached patient, and a fraction of its per-statement cost.
    return inTransaction(this.pool, async (client) => {
      const scope = await this.access.requireAccess(caller, patientId, client).catch((error: unknown) => {
        this.cache.invalidate(patientId); // erased (or no longer visible): drop any decrypted copy now
        throw error;
      });
      const stamp = await this.loader.stamp(scope, model.id);
      const corpus = await this.cache.get(patientId, stamp, async () => {
        // Not in memory: the patient's snapshot (one read, one decryption) if it is of this stamp,
        // else the record itself — and that memory is snapshotted in the background.
        const snapshot = await this.snapshots.read(scope, model.id, stamp);
        const memory = snapshot ?? (await this.loader.load(scope, model.id));
        if (!snapshot) this.snapshots.saveLater(patientId, model.id, stamp, memory);
        this.versions.set(memory.corpus, memory.versions);
        return memory.corpus;
      });
      // Entries await embedding only briefly: records announce writes, the embedding worker sweeps.
      const unembedded = corpus.entries.filter((entry) => !entry.vector).length;
      const [vector] = await model.embed([question]);
      const ranked = rankEntries(
        corpus,
        { terms: this.expansion.expand(question), vector, kinds: kindPriors(question) },
        { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: new Date(), limit },
      );
      await scope.audit(
        'retrieval.query',
        ranked.map((entry) => entry.id),
      );
      const byId = new Map(corpus.entries.map((entry) => [entry.id, entry]));
      return {
        modelId: model.id,
        unembedded,
        results: ranked.map(({ id, score, signals, passage, why }) => {
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
            why,
          };
        }),
      };
    });
  }

  /** The reports module's hook (REPORT_RETRIEVER): entries best first, access-checked and audited. */
  async rank(patientId: string, question: string, caller: Caller): Promise<RetrievedForReport[]> {
    const { results } = await this.retrieve(patientId, question, REPORT_RETRIEVAL_LIMIT, caller);
    return results.map(({ entryId, kind, occurredAt, score, signals, why }) => ({
      entryId,
      kind,
      occurredAt,
      score,
      signals,
      why,
    }));
  }

  /** Drop the patient's cached corpus at once (erasure). */
  forget(patientId: string): void {
    this.cache.invalidate(patientId);
  }
}
