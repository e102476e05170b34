import { Bm25Index } from '../lexical/bm25-index.js';
import { clinicalTokens, type Token } from '../../terminology/text/clinical-tokens.js';
import { embeddedDot, type GridVector } from './vector-grid.js';

/** One decrypted entry of the authorized patient, as retrieval sees it (in memory only). */
export interface RetrievableEntry {
  id: string;
  kind: string;
  occurredAt: Date;
  text: string;
  /**
   * Unit vector from the current embedding model, on the 8-bit grid (vector-grid.ts); absent while
   * the entry awaits (re-)embedding.
   */
  vector?: GridVector;
}

/**
 * A corpus as columns, entry i at index i: what a memory snapshot restores without building an
 * object per entry (ids and texts are decoded when first asked for).
 */
export interface CorpusColumns {
  size: number;
  idAt: (i: number) => string;
  textAt: (i: number) => string;
  /** Entry kinds by name; `kindOf[i]` indexes them. */
  kinds: readonly string[];
  kindOf: Uint8Array;
  /** occurredAt as epoch ms. */
  times: Float64Array;
  /** Vector length; entry i's grid codes are codes[i·dims, (i + 1)·dims) with scale scales[i]. */
  dims: number;
  scales: Float32Array;
  codes: Int8Array;
  /** 1 where entry i has a vector. */
  embedded: Uint8Array;
}

/**
 * The searchable form of ONE patient's entries: a BM25 index and the vectors, held as columns (a
 * 5,000-entry patient is a dozen typed arrays, not tens of thousands of objects to allocate and
 * collect on every uncached question), with each entry's tokens computed from its text when first
 * asked for — only the entries ranked near the top need them (passages, near-duplicate checks).
 * Built per patient and query scope; never holds two patients.
 */
export class PatientCorpus {
  readonly bm25: Bm25Index;
  private readonly columns: CorpusColumns;
  private readonly tokenLists: (Token[] | undefined)[];
  private readonly termSetList: (Set<string> | undefined)[];

  /**
   * From entries (the record path: tokenised and indexed here), or from columns and an index
   * computed before (a memory snapshot: nothing is tokenised).
   */
  constructor(source: readonly RetrievableEntry[] | { columns: CorpusColumns; bm25: Bm25Index }) {
    if ('columns' in source) {
      this.columns = source.columns;
      this.bm25 = source.bm25;
      this.tokenLists = new Array<Token[] | undefined>(source.columns.size);
    } else {
      this.columns = columnsOf(source);
      this.tokenLists = source.map((entry) => clinicalTokens(entry.text));
      this.bm25 = new Bm25Index(this.tokenLists.map((tokens) => tokens!.map((token) => token.term)));
    }
    this.termSetList = new Array<Set<string> | undefined>(this.columns.size);
  }

  get size(): number {
    return this.columns.size;
  }

  idAt(i: number): string {
    return this.columns.idAt(i);
  }

  textAt(i: number): string {
    return this.columns.textAt(i);
  }

  kindAt(i: number): string {
    return this.columns.kinds[this.columns.kindOf[i]!]!;
  }

  /** Entry i's occurredAt, epoch ms. */
  timeAt(i: number): number {
    return this.columns.times[i]!;
  }

  /** Entry i's vector (a view of the corpus' codes), if it has one. */
  vectorAt(i: number): GridVector | undefined {
    const { dims, scales, codes, embedded } = this.columns;
    return embedded[i] ? { scale: scales[i]!, codes: codes.subarray(i * dims, (i + 1) * dims) } : undefined;
  }

  /** Entry i's vector · `query`; NaN without a vector or for a zero one (vector-grid.ts). */
  dotAt(i: number, query: Float32Array): number {
    const { dims, scales, codes, embedded } = this.columns;
    return embedded[i] && query.length === dims ? embeddedDot(codes, i * dims, scales[i]!, query) : NaN;
  }

  /** Entries still waiting for a vector. */
  get unembedded(): number {
    return this.size - this.columns.embedded.reduce((sum, flag) => sum + flag, 0);
  }

  entryAt(i: number): RetrievableEntry {
    return {
      id: this.idAt(i),
      kind: this.kindAt(i),
      occurredAt: new Date(this.timeAt(i)),
      text: this.textAt(i),
      vector: this.vectorAt(i),
    };
  }

  /** Every entry as an object (snapshots, tests; ranking reads the columns). */
  toEntries(): RetrievableEntry[] {
    return Array.from({ length: this.size }, (_, i) => this.entryAt(i));
  }

  /** The columns as they are (a memory snapshot stores them). */
  toColumns(): Readonly<CorpusColumns> {
    return this.columns;
  }

  /** Entry i's tokens (term and offsets into its text). */
  tokensAt(i: number): Token[] {
    return (this.tokenLists[i] ??= clinicalTokens(this.textAt(i)));
  }

  /** Entry i's distinct terms. */
  termsAt(i: number): Set<string> {
    return (this.termSetList[i] ??= new Set(this.tokensAt(i).map((token) => token.term)));
  }
}

function columnsOf(entries: readonly RetrievableEntry[]): CorpusColumns {
  const n = entries.length;
  const dims = entries.find((entry) => entry.vector)?.vector?.codes.length ?? 0;
  const kinds = [...new Set(entries.map((entry) => entry.kind))];
  if (kinds.length > 256) throw new Error('a corpus holds at most 256 entry kinds');
  // The strings, not the entries: their vectors are copied into `codes` below.
  const ids = entries.map((entry) => entry.id);
  const texts = entries.map((entry) => entry.text);
  const columns: CorpusColumns = {
    size: n,
    idAt: (i) => ids[i]!,
    textAt: (i) => texts[i]!,
    kinds,
    kindOf: Uint8Array.from(entries, (entry) => kinds.indexOf(entry.kind)),
    times: Float64Array.from(entries, (entry) => entry.occurredAt.getTime()),
    dims,
    scales: new Float32Array(n),
    codes: new Int8Array(n * dims),
    embedded: new Uint8Array(n),
  };
  entries.forEach(({ vector }, i) => {
    if (!vector || vector.codes.length !== dims) return; // another model's length: ranks lexically
    columns.embedded[i] = 1;
    columns.scales[i] = vector.scale;
    columns.codes.set(vector.codes, i * dims);
  });
  return columns;
}
