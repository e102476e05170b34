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

/** What a memory snapshot restores instead of tokenising and counting again. */
export interface CorpusParts {
  bm25: Bm25Index;
}

/**
 * The searchable form of ONE patient's entries: tokens with offsets, a BM25 index and the
 * vectors. Built per patient and query scope; never holds two patients. Restored from a snapshot
 * (`parts`), an entry's tokens are computed from its text when first asked for: only the entries
 * ranked near the top need them (passages, near-duplicate checks).
 */
export class PatientCorpus {
  readonly bm25: Bm25Index;
  private readonly tokenLists: (Token[] | undefined)[];
  private readonly termSetList: (Set<string> | undefined)[];

  constructor(
    readonly entries: readonly RetrievableEntry[],
    parts?: CorpusParts,
  ) {
    if (parts) {
      this.bm25 = parts.bm25;
      this.tokenLists = new Array<Token[] | undefined>(entries.length);
    } else {
      this.tokenLists = entries.map((entry) => clinicalTokens(entry.text));
      this.bm25 = new Bm25Index(this.tokenLists.map((tokens) => tokens!.map((token) => token.term)));
    }
    this.termSetList = new Array<Set<string> | undefined>(entries.length);
  }

  /** Entry i's tokens (term and offsets into its text). */
  tokensAt(i: number): Token[] {
    return (this.tokenLists[i] ??= clinicalTokens(this.entries[i]!.text));
  }

  /** Entry i's distinct terms. */
  termsAt(i: number): Set<string> {
    return (this.termSetList[i] ??= new Set(this.tokensAt(i).map((token) => token.term)));
  }

  get size(): number {
    return this.entries.length;
  }
}
