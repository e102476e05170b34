import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { PatientAccessService } from '../access/patient-access.service.js';
import type { Caller } from '../common/caller.js';
import type { PatientScope } from '../access/patient-scope.js';
import { PG_POOL, PrismaService } from '../database/prisma.service.js';
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
 * read port, and audited as `retrieval.query` — a read of exactly the entries returned — committed
 * before the answer leaves.
 */
@Injectable()
export class RetrievalService implements ReportRetriever, OnModuleDestroy {
  private readonly expansion = new QueryExpansion();
  private readonly cache = new PatientCorpusCache();
  private readonly versions = new WeakMap<PatientCorpus, Int32Array>();
  private readonly logger = new Logger('Retrieval');
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly refreshAgain = new Set<string>();
  private stopping = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly access: PatientAccessService,
    private readonly embeddings: EmbeddingsService,
    private readonly loader: PatientCorpusLoader,
    private readonly snapshots: MemorySnapshotStore,
    private readonly prisma: PrismaService,
  ) {}

  async retrieve(
    patientId: string,
    question: string,
    limit: number,
    caller: Caller,
  ): Promise<RetrievalResultDto> {
    const model = this.embeddings.model;
    // On the node-postgres pool, statement by statement (like the timeline): no transaction held
    // open while a large patient is read, and the audit event below is group-committed.
    const scope = await this.access.requireAccess(caller, patientId, this.pool).catch((error: unknown) => {
      this.cache.invalidate(patientId); // erased (or no longer visible): drop any decrypted copy now
      throw error;
    });
    const corpus = await this.memory(scope, model.id);
    // Entries await embedding only briefly: records announce writes, the embedding worker sweeps.
    const unembedded = corpus.unembedded;
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
    return {
      modelId: model.id,
      unembedded,
      results: ranked.map(({ id, index, score, signals, passage, why }) => {
        const entry = corpus.entryAt(index);
        return {
          entryId: id,
          kind: entry.kind,
          occurredAt: entry.occurredAt,
          version: this.versions.get(corpus)?.[index] ?? 0,
          score,
          text: entry.text,
          passage,
          signals,
          why,
        };
      }),
    };
  }

  /**
   * The patient's corpus for the current stamp: in memory, else the snapshot of that stamp (one
   * read, one decryption), else the record itself — and that memory is snapshotted in the background.
   * A patient not in memory has the snapshot fetched while the stamp is computed (one round trip
   * instead of two); it is opened only if it was built from that stamp.
   */
  private async memory(scope: PatientScope, modelId: string): Promise<PatientCorpus> {
    const fetched = this.cache.has(scope.patientId)
      ? undefined
      : this.snapshots.fetch(scope.patientId, modelId);
    fetched?.catch(() => undefined); // awaited below, unless the stamp fails first
    const stamp = await this.loader.stamp(scope, modelId);
    return this.cache.get(scope.patientId, stamp, async () => {
      const sealed = await (fetched ?? this.snapshots.fetch(scope.patientId, modelId));
      const snapshot = await this.snapshots.open(scope, modelId, stamp, sealed);
      const memory = snapshot ?? (await this.loader.load(scope, modelId));
      if (!snapshot) this.snapshots.saveLater(scope.patientId, modelId, stamp, memory);
      this.versions.set(memory.corpus, memory.versions);
      return memory.corpus;
    });
  }

  /**
   * After a patient's new vectors commit (new and amended entries are embedded about a second
   * after their write), the snapshot is rebuilt in the background, so the next question reads one
   * blob instead of decrypting the record. One rebuild per patient at a time; writes arriving
   * meanwhile cause one more. The system job's re-read is audited (`patient.memory.snapshot`).
   */
  refreshLater(patientId: string): void {
    if (this.stopping) return;
    if (this.refreshing.has(patientId)) {
      this.refreshAgain.add(patientId);
      return;
    }
    const run = this.refresh(patientId)
      .catch((error: Error) => this.logger.warn(`memory snapshot not refreshed (${error.name})`))
      .finally(() => {
        this.refreshing.delete(patientId);
        if (this.refreshAgain.delete(patientId)) this.refreshLater(patientId);
      });
    this.refreshing.set(patientId, run);
  }

  /** Resolves when every refresh started so far has finished (tests, shutdown). */
  async refreshed(): Promise<void> {
    while (this.refreshing.size) await Promise.all([...this.refreshing.values()]);
    await this.snapshots.settled();
  }

  /** Shutdown: no new rebuild starts; those running finish while the database is still there. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.refreshed();
  }

  private async refresh(patientId: string): Promise<void> {
    const modelId = this.embeddings.model.id;
    const scope = this.access.systemScope(patientId, this.prisma);
    const stamp = await this.loader.stamp(scope, modelId);
    if (await this.snapshots.has(patientId, modelId, stamp)) return;
    const memory = await this.loader.load(scope, modelId);
    await scope.audit('patient.memory.snapshot', [patientId], { reason: `model ${modelId}` });
    await this.snapshots.save(patientId, modelId, stamp, memory);
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
