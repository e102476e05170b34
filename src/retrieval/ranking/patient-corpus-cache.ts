import { PatientCorpus } from './patient-corpus.js';

export interface CorpusCacheLimits {
  /** Most entries held across all cached patients. */
  maxEntries: number;
  /** A cached corpus older than this is rebuilt. */
  ttlMs: number;
}

export const DEFAULT_CORPUS_CACHE_LIMITS: CorpusCacheLimits = { maxEntries: 50_000, ttlMs: 5 * 60_000 };

/**
 * Decrypted per-patient corpora kept in memory between questions, bounded in size (least recently
 * used patients leave first) and in time. Each corpus carries a `version` (the embedding model and
 * a stamp of the patient's entries and vectors): any write, amendment, embedding or model change
 * gives another version and the corpus is rebuilt; `invalidate` drops a patient at once (erasure).
 */
export class PatientCorpusCache {
  private readonly corpora = new Map<string, { corpus: PatientCorpus; version: string; at: number }>();
  private entries = 0;

  constructor(
    private readonly limits: CorpusCacheLimits = DEFAULT_CORPUS_CACHE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, version: string, build: () => Promise<PatientCorpus>): Promise<PatientCorpus> {
    const cached = this.corpora.get(key);
    if (cached && cached.version === version && this.now() - cached.at < this.limits.ttlMs) {
      this.corpora.delete(key);
      this.corpora.set(key, cached);
      return cached.corpus;
    }
    if (cached) this.remove(key);
    const corpus = await build();
    if (corpus.size > this.limits.maxEntries) return corpus;
    this.corpora.set(key, { corpus, version, at: this.now() });
    this.entries += corpus.size;
    while (this.entries > this.limits.maxEntries) this.remove(this.corpora.keys().next().value!);
    return corpus;
  }

  /** Whether anything is held for the patient (of whatever version; `get` still checks it). */
  has(key: string): boolean {
    return this.corpora.has(key);
  }

  /** Drop everything held for the patient (call on entry create/amend/embed and on erasure). */
  invalidate(patientId: string): void {
    this.remove(patientId);
  }

  get size(): { patients: number; entries: number } {
    return { patients: this.corpora.size, entries: this.entries };
  }

  private remove(key: string): void {
    const cached = this.corpora.get(key);
    if (!cached) return;
    this.entries -= cached.corpus.size;
    this.corpora.delete(key);
  }
}
