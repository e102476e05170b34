import { Bm25Index, type Postings } from './lexical/bm25-index.js';
import { PatientCorpus, type CorpusColumns } from './ranking/patient-corpus.js';

/** A patient's corpus plus each entry's version (`versions[i]`: entry i's): what retrieval needs. */
export interface PatientMemory {
  corpus: PatientCorpus;
  versions: Int32Array;
}

const FORMAT = 5;

interface Header {
  format: number;
  entries: number;
  dims: number;
  postings: number;
  /** Bytes per posting doc and term frequency: 2 while both fit (up to 65,535 entries), else 4. */
  postingBytes: 2 | 4;
  /** Entry kinds: entries name theirs by its index here. */
  kinds: string[];
  /** The vocabulary: postings name terms by their index here. */
  terms: string[];
}

/**
 * The binary form of a PatientMemory — the corpus' columns (patient-corpus.ts) and its BM25
 * statistics as they are (no tokenising, no counting) — so a question over a patient needs one read
 * and one decryption, and restoring it allocates almost nothing: every column and posting list is a
 * view of the decrypted bytes, and an id or text is decoded only when asked for (the entries ranked).
 * The JSON part holds only the vocabulary and kinds. Entries' tokens are not stored: the few ranked
 * near the top are tokenised from their text. For a 5,000-entry patient 1.4 MB (format 2, tokens
 * and float32 vectors: 3.7 MB).
 *
 *   u32 header length · header JSON · then, each section aligned to its element size:
 *   f64 occurred-at ms · f64 document lengths · u32 string offsets (ids, then texts: 2n + 1) ·
 *   i32 versions · i32 postings per term · f32 vector scales · u16 or i32 posting docs · the same
 *   for posting term frequencies · u8 kind · u8 has-vector · i8 vector codes (n × dims) · UTF-8
 *   strings
 */
export function encodeMemory({ corpus, versions }: PatientMemory): Buffer {
  const columns = corpus.toColumns();
  const n = columns.size;
  const { postings, lengths } = corpus.bm25.toStatistics();
  const terms = [...postings.keys()];
  const postingCount = [...postings.values()].reduce((sum, p) => sum + p.docs.length, 0);
  const strings = [
    ...Array.from({ length: n }, (_, i) => columns.idAt(i)),
    ...Array.from({ length: n }, (_, i) => columns.textAt(i)),
  ].map((s) => Buffer.from(s, 'utf8'));
  const stringBytes = strings.reduce((sum, s) => sum + s.length, 0);
  const header: Header = {
    format: FORMAT,
    entries: n,
    dims: columns.dims,
    postings: postingCount,
    postingBytes:
      n <= 0xffff && [...postings.values()].every(({ tfs }) => tfs.every((tf) => tf <= 0xffff)) ? 2 : 4,
    kinds: [...columns.kinds],
    terms,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const layout = sections(headerBytes.length, header, stringBytes);
  const out = new ArrayBuffer(layout.end);
  const bytes = new Uint8Array(out);
  new DataView(out).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  new Float64Array(out, layout.times, n).set(columns.times);
  new Float64Array(out, layout.lengths, n).set(lengths);
  const offsets = new Uint32Array(out, layout.offsets, 2 * n + 1);
  let at = 0;
  strings.forEach((s, i) => {
    offsets[i] = at;
    bytes.set(s, layout.strings + at);
    at += s.length;
  });
  offsets[2 * n] = at;
  new Int32Array(out, layout.versions, n).set(versions);
  const counts = new Int32Array(out, layout.counts, terms.length);
  const Posting = header.postingBytes === 2 ? Uint16Array : Int32Array;
  const docs = new Posting(out, layout.docs, postingCount);
  const tfs = new Posting(out, layout.tfs, postingCount);
  let p = 0;
  terms.forEach((term, i) => {
    const list = postings.get(term)!;
    counts[i] = list.docs.length;
    docs.set(list.docs, p);
    tfs.set(list.tfs, p);
    p += list.docs.length;
  });
  new Float32Array(out, layout.scales, n).set(columns.scales);
  bytes.set(columns.kindOf, layout.kinds);
  bytes.set(columns.embedded, layout.embedded);
  new Int8Array(out, layout.codes, n * columns.dims).set(columns.codes);
  return Buffer.from(out);
}

/**
 * The PatientMemory an encodeMemory() buffer holds; throws on anything malformed. The memory keeps
 * `plain` (its columns are views of it): hand over a buffer nothing else writes to.
 */
export function decodeMemory(plain: Buffer): PatientMemory {
  // The typed arrays below need aligned offsets: a buffer of its own is used as is, a slice of a
  // larger one (Node's pool) is copied once.
  const whole = plain.byteOffset === 0 && plain.length === plain.buffer.byteLength;
  const out = (
    whole ? plain.buffer : plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.length)
  ) as ArrayBuffer;
  const bytes = Buffer.from(out);
  const headerLength = new DataView(out).getUint32(0, true);
  const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as Header;
  if (header.format !== FORMAT) throw new Error(`memory snapshot format ${header.format} is not ${FORMAT}`);
  const { entries: n, dims } = header;
  const offsets = new Uint32Array(out, sections(headerLength, header, 0).offsets, 2 * n + 1);
  const layout = sections(headerLength, header, offsets[2 * n]!);
  if (layout.end !== out.byteLength) throw new Error('memory snapshot has the wrong length');
  const kindOf = bytes.subarray(layout.kinds, layout.kinds + n);
  if (kindOf.some((kind) => kind >= header.kinds.length))
    throw new Error('memory snapshot names an unknown kind');
  const counts = new Int32Array(out, layout.counts, header.terms.length);
  const Posting = header.postingBytes === 2 ? Uint16Array : Int32Array;
  const docs = new Posting(out, layout.docs, header.postings);
  const tfs = new Posting(out, layout.tfs, header.postings);
  const postings = new Map<string, Postings>();
  let p = 0;
  header.terms.forEach((term, i) => {
    const count = counts[i]!;
    postings.set(term, { docs: docs.subarray(p, p + count), tfs: tfs.subarray(p, p + count) });
    p += count;
  });
  const decoded = new Array<string | undefined>(2 * n);
  const string = (i: number) =>
    (decoded[i] ??= bytes.toString('utf8', layout.strings + offsets[i]!, layout.strings + offsets[i + 1]!));
  const columns: CorpusColumns = {
    size: n,
    idAt: (i) => string(i),
    textAt: (i) => string(n + i),
    kinds: header.kinds,
    kindOf,
    times: new Float64Array(out, layout.times, n),
    dims,
    scales: new Float32Array(out, layout.scales, n),
    codes: new Int8Array(out, layout.codes, n * dims),
    embedded: bytes.subarray(layout.embedded, layout.embedded + n),
  };
  const bm25 = Bm25Index.fromStatistics({ postings, lengths: new Float64Array(out, layout.lengths, n) });
  return { corpus: new PatientCorpus({ columns, bm25 }), versions: new Int32Array(out, layout.versions, n) };
}

/** Byte offsets of each section (see encodeMemory). */
function sections(
  headerLength: number,
  { entries: n, dims, terms, postings, postingBytes }: Header,
  stringBytes: number,
) {
  if (postingBytes !== 2 && postingBytes !== 4) throw new Error('memory snapshot has no posting width');
  const times = Math.ceil((4 + headerLength) / 8) * 8;
  const lengths = times + 8 * n;
  const offsets = lengths + 8 * n;
  const versions = offsets + 4 * (2 * n + 1);
  const counts = versions + 4 * n;
  const scales = counts + 4 * terms.length;
  const docs = scales + 4 * n;
  const tfs = docs + postingBytes * postings;
  const kinds = tfs + postingBytes * postings;
  const embedded = kinds + n;
  const codes = embedded + n;
  const strings = codes + n * dims;
  const end = strings + stringBytes;
  return {
    times,
    lengths,
    offsets,
    versions,
    counts,
    docs,
    tfs,
    scales,
    kinds,
    embedded,
    codes,
    strings,
    end,
  };
}
