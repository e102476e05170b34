import { Bm25Index } from '../lexical/bm25-index.js';
import { clinicalTokens, type Token } from '../../terminology/text/clinical-tokens.js';

/** One decrypted entry of the authorized patient, as retrieval sees it (in memory only). */
export interface RetrievableEntry {
  id: string;
  kind: string;
  occurredAt: Date;
  text: string;
  /** Unit vector from the current embedding model; absent while the entry awaits (re-)embedding. */
  vector?: Float32Array;
}

/**
 * The searchable form of ONE patient's entries: tokens with offsets, a BM25 index and the
 * vectors. Built per patient and query scope; never holds two patients.
 */
export class PatientCorpus {
  readonly tokens: Token[][];
  readonly termSets: Set<string>[];
  readonly bm25: Bm25Index;

  constructor(readonly entries: readonly RetrievableEntry[]) {
    this.tokens = entries.map((entry) => clinicalTokens(entry.text));
    this.termSets = this.tokens.map((tokens) => new Set(tokens.map((token) => token.term)));
    this.bm25 = new Bm25Index(this.tokens.map((tokens) => tokens.map((token) => token.term)));
  }

  get size(): number {
    return this.entries.length;
  }
}
