import type { Token } from '../terminology/text/clinical-tokens.js';
import { Bm25Index, type Postings } from './lexical/bm25-index.js';
import { PatientCorpus, type RetrievableEntry } from './ranking/patient-corpus.js';

/** A patient's corpus plus each entry's version: what a snapshot holds (and retrieval needs). */
export interface PatientMemory {
  corpus: PatientCorpus;
  versions: Map<string, number>;
}

const FORMAT = 2;

type HeaderEntry = [id: string, kind: string, occurredAtMs: number, version: number, text: string];

interface Header {
  format: number;
  dims: number;
  /** Token count, posting count. */
  tokens: number;
  postings: number;
  entries: HeaderEntry[];
  /** The vocabulary: token data and postings name terms by their index here. */
  terms: string[];
}

const pad = (offset: number, to: number) => Math.ceil(offset / to) * to;

/**
 * The binary form of a PatientMemory — the BM25 statistics as they are (no tokenising, no
 * counting), each entry's tokens (term index, start, end; materialised only for entries that are
 * ranked), and the vectors — so a question over a patient needs one read and one decryption.
 *
 *   u32 header length · header JSON · (8-aligned) Float64 document lengths · Int32 token starts
 *   per entry (n+1) · Int32 token data (3 per token) · Int32 postings per term · Int32 posting docs
 *   · Int32 posting term frequencies · u8 has-vector per entry · (4-aligned) Float32 vectors
 */
export function encodeMemory({ corpus, versions }: PatientMemory): Buffer {
  const n = corpus.size;
  const { postings, lengths } = corpus.bm25.toStatistics();
  const terms = [...postings.keys()];
  const termIndex = new Map(terms.map((term, i) => [term, i]));
  const tokenLists = corpus.entries.map((_, i) => corpus.tokensAt(i));
  const tokenCount = tokenLists.reduce((sum, list) => sum + list.length, 0);
  const postingCount = [...postings.values()].reduce((sum, p) => sum + p.docs.length, 0);
  const dims = corpus.entries.find((entry) => entry.vector)?.vector?.length ?? 0;
  const flags = corpus.entries.map((entry) => (dims > 0 && entry.vector?.length === dims ? 1 : 0));
  const vectorCount = flags.reduce<number>((sum, flag) => sum + flag, 0);
  const header: Header = {
    format: FORMAT,
    dims,
    tokens: tokenCount,
    postings: postingCount,
    entries: corpus.entries.map((e) => [
      e.id,
      e.kind,
      e.occurredAt.getTime(),
      versions.get(e.id) ?? 0,
      e.text,
    ]),
    terms,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const layout = sections(headerBytes.length, n, tokenCount, terms.length, postingCount, vectorCount * dims);
  const out = new ArrayBuffer(layout.end);
  const bytes = new Uint8Array(out);
  new DataView(out).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  new Float64Array(out, layout.lengths, n).set(lengths);
  const starts = new Int32Array(out, layout.starts, n + 1);
  const data = new Int32Array(out, layout.tokens, tokenCount * 3);
  let at = 0;
  tokenLists.forEach((list, i) => {
    starts[i] = at / 3;
    for (const token of list) {
      data[at++] = termIndex.get(token.term) ?? -1;
      data[at++] = token.start;
      data[at++] = token.end;
    }
  });
  starts[n] = at / 3;
  const counts = new Int32Array(out, layout.counts, terms.length);
  const docs = new Int32Array(out, layout.docs, postingCount);
  const tfs = new Int32Array(out, layout.tfs, postingCount);
  let p = 0;
  terms.forEach((term, i) => {
    const list = postings.get(term)!;
    counts[i] = list.docs.length;
    docs.set(list.docs, p);
    tfs.set(list.tfs, p);
    p += list.docs.length;
  });
  bytes.set(flags, layout.flags);
  const vectors = new Float32Array(out, layout.vectors, vectorCount * dims);
  let v = 0;
  corpus.entries.forEach((entry, i) => {
    if (flags[i]) vectors.set(entry.vector!, dims * v++);
  });
  return Buffer.from(out);
}

/** The PatientMemory an encodeMemory() buffer holds; throws on anything malformed. */
export function decodeMemory(plain: Buffer): PatientMemory {
  // The typed arrays below need aligned offsets: a buffer of its own is used as is, a slice of a
  // larger one (Node's pool) is copied once.
  const whole = plain.byteOffset === 0 && plain.length === plain.buffer.byteLength;
  const out = (
    whole ? plain.buffer : plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.length)
  ) as ArrayBuffer;
  const headerLength = new DataView(out).getUint32(0, true);
  const header = JSON.parse(Buffer.from(out, 4, headerLength).toString('utf8')) as Header;
  if (header.format !== FORMAT) throw new Error(`memory snapshot format ${header.format} is not ${FORMAT}`);
  const n = header.entries.length;
  const flags = new Uint8Array(out, 0, out.byteLength); // bounds-checked views below
  const layout = sections(headerLength, n, header.tokens, header.terms.length, header.postings, 0);
  const vectorCount = flags.subarray(layout.flags, layout.flags + n).reduce((sum, flag) => sum + flag, 0);
  const full = sections(
    headerLength,
    n,
    header.tokens,
    header.terms.length,
    header.postings,
    vectorCount * header.dims,
  );
  if (full.end !== out.byteLength) throw new Error('memory snapshot has the wrong length');
  const lengths = new Float64Array(out, full.lengths, n);
  const starts = new Int32Array(out, full.starts, n + 1);
  const data = new Int32Array(out, full.tokens, header.tokens * 3);
  const counts = new Int32Array(out, full.counts, header.terms.length);
  const docs = new Int32Array(out, full.docs, header.postings);
  const tfs = new Int32Array(out, full.tfs, header.postings);
  const vectors = new Float32Array(out, full.vectors, vectorCount * header.dims);
  const postings = new Map<string, Postings>();
  let p = 0;
  header.terms.forEach((term, i) => {
    const count = counts[i]!;
    postings.set(term, { docs: docs.subarray(p, p + count), tfs: tfs.subarray(p, p + count) });
    p += count;
  });
  let v = 0;
  const entries: RetrievableEntry[] = header.entries.map(([id, kind, ms, , text], i) => ({
    id,
    kind,
    occurredAt: new Date(ms),
    text,
    vector: flags[full.flags + i] ? vectors.subarray(header.dims * v, header.dims * ++v) : undefined,
  }));
  const tokensOf = (i: number): Token[] => {
    const tokens: Token[] = [];
    for (let t = starts[i]!; t < starts[i + 1]!; t++)
      tokens.push({ term: header.terms[data[3 * t]!]!, start: data[3 * t + 1]!, end: data[3 * t + 2]! });
    return tokens;
  };
  return {
    corpus: new PatientCorpus(entries, { bm25: Bm25Index.fromStatistics({ postings, lengths }), tokensOf }),
    versions: new Map(header.entries.map(([id, , , version]) => [id, version])),
  };
}

/** Byte offsets of each section (see encodeMemory). */
function sections(
  headerLength: number,
  n: number,
  tokens: number,
  terms: number,
  postings: number,
  floats: number,
) {
  const lengths = pad(4 + headerLength, 8);
  const starts = lengths + 8 * n;
  const tokenData = starts + 4 * (n + 1);
  const counts = tokenData + 12 * tokens;
  const docs = counts + 4 * terms;
  const tfs = docs + 4 * postings;
  const flags = tfs + 4 * postings;
  const vectors = pad(flags + n, 4);
  return { lengths, starts, tokens: tokenData, counts, docs, tfs, flags, vectors, end: vectors + 4 * floats };
}
