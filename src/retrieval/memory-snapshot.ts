import { Bm25Index, type Postings } from './lexical/bm25-index.js';
import { fromGrid, toGrid } from './ranking/vector-grid.js';
import { PatientCorpus, type RetrievableEntry } from './ranking/patient-corpus.js';

/** A patient's corpus plus each entry's version: what a snapshot holds (and retrieval needs). */
export interface PatientMemory {
  corpus: PatientCorpus;
  versions: Map<string, number>;
}

const FORMAT = 3;

type HeaderEntry = [id: string, kind: string, occurredAtMs: number, version: number, text: string];

interface Header {
  format: number;
  dims: number;
  postings: number;
  entries: HeaderEntry[];
  /** The vocabulary: postings name terms by their index here. */
  terms: string[];
}

const pad = (offset: number, to: number) => Math.ceil(offset / to) * to;

/**
 * The binary form of a PatientMemory — the BM25 statistics as they are (no tokenising, no
 * counting) and the vectors — so a question over a patient needs one read and one decryption.
 * Entries' tokens are not stored: only the few ranked near the top need them, and they are
 * tokenised from their text then (format 2 stored them all, and float32 vectors: 3.7 MB for a
 * 5,000-entry patient, against 1.6 MB now).
 *
 *   u32 header length · header JSON · (8-aligned) Float64 document lengths · Int32 postings per
 *   term · Int32 posting docs · Int32 posting term frequencies · u8 has-vector per entry ·
 *   (4-aligned) Float32 scale per vector · Int8 vector codes (vector-grid.ts: entry vectors are on
 *   that grid in memory too)
 */
export function encodeMemory({ corpus, versions }: PatientMemory): Buffer {
  const n = corpus.size;
  const { postings, lengths } = corpus.bm25.toStatistics();
  const terms = [...postings.keys()];
  const postingCount = [...postings.values()].reduce((sum, p) => sum + p.docs.length, 0);
  const dims = corpus.entries.find((entry) => entry.vector)?.vector?.length ?? 0;
  const flags = corpus.entries.map((entry) => (dims > 0 && entry.vector?.length === dims ? 1 : 0));
  const vectorCount = flags.reduce<number>((sum, flag) => sum + flag, 0);
  const header: Header = {
    format: FORMAT,
    dims,
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
  const layout = sections(headerBytes.length, n, terms.length, postingCount, vectorCount, dims);
  const out = new ArrayBuffer(layout.end);
  const bytes = new Uint8Array(out);
  new DataView(out).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  new Float64Array(out, layout.lengths, n).set(lengths);
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
  const scales = new Float32Array(out, layout.vectors, vectorCount);
  const codes = new Int8Array(out, layout.codes, vectorCount * dims);
  let v = 0;
  corpus.entries.forEach((entry, i) => {
    if (!flags[i]) return;
    const grid = toGrid(entry.vector!);
    scales[v] = grid.scale;
    codes.set(grid.codes, dims * v++);
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
  const layout = sections(headerLength, n, header.terms.length, header.postings, 0, 0);
  const vectorCount = flags.subarray(layout.flags, layout.flags + n).reduce((sum, flag) => sum + flag, 0);
  const full = sections(headerLength, n, header.terms.length, header.postings, vectorCount, header.dims);
  if (full.end !== out.byteLength) throw new Error('memory snapshot has the wrong length');
  const lengths = new Float64Array(out, full.lengths, n);
  const counts = new Int32Array(out, full.counts, header.terms.length);
  const docs = new Int32Array(out, full.docs, header.postings);
  const tfs = new Int32Array(out, full.tfs, header.postings);
  const scales = new Float32Array(out, full.vectors, vectorCount);
  const codes = new Int8Array(out, full.codes, vectorCount * header.dims);
  const vectors = new Float32Array(vectorCount * header.dims);
  for (let v = 0; v < vectorCount; v++) {
    const at = v * header.dims;
    fromGrid({ scale: scales[v]!, codes: codes.subarray(at, at + header.dims) }, vectors, at);
  }
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
  return {
    corpus: new PatientCorpus(entries, { bm25: Bm25Index.fromStatistics({ postings, lengths }) }),
    versions: new Map(header.entries.map(([id, , , version]) => [id, version])),
  };
}

/** Byte offsets of each section (see encodeMemory). */
function sections(
  headerLength: number,
  n: number,
  terms: number,
  postings: number,
  vectorCount: number,
  dims: number,
) {
  const lengths = pad(4 + headerLength, 8);
  const counts = lengths + 8 * n;
  const docs = counts + 4 * terms;
  const tfs = docs + 4 * postings;
  const flags = tfs + 4 * postings;
  const vectors = pad(flags + n, 4);
  const codes = vectors + 4 * vectorCount;
  return { lengths, counts, docs, tfs, flags, vectors, codes, end: codes + vectorCount * dims };
}
