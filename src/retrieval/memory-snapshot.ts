import { Bm25Index, type Postings, type PostingsTable } from './lexical/bm25-index.js';
import { PatientCorpus, type CorpusColumns } from './ranking/patient-corpus.js';

/** A patient's corpus plus each entry's version (`versions[i]`: entry i's): what retrieval needs. */
export interface PatientMemory {
  corpus: PatientCorpus;
  versions: Int32Array;
}

const FORMAT = 6;

interface Header {
  format: number;
  entries: number;
  dims: number;
  postings: number;
  /** Bytes per posting doc and term frequency: 2 while both fit (up to 65,535 entries), else 4. */
  postingBytes: 2 | 4;
  /** Entry kinds: entries name theirs by its index here. */
  kinds: string[];
  /** Vocabulary size: the terms are strings 2n … 2n + terms − 1, in UTF-8 byte order. */
  terms: number;
}

/**
 * The binary form of a PatientMemory — the corpus' columns (patient-corpus.ts) and its BM25
 * statistics as they are (no tokenising, no counting) — so a question over a patient needs one read
 * and one decryption, and restoring it allocates almost nothing: every column and posting list is a
 * view of the decrypted bytes, an id or text is decoded only when asked for (the entries ranked),
 * and a term is found by binary search over the sorted vocabulary (a question looks up a few dozen;
 * a Map of all of them was ~20,000 strings and objects per restore, for V8 to collect when the
 * patient left the cache). The JSON part holds only sizes and kinds. Entries' tokens are not stored:
 * the few ranked near the top are tokenised from their text. For a 5,000-entry patient 1.4 MB
 * (format 2, tokens and float32 vectors: 3.7 MB).
 *
 *   u32 header length · header JSON · then, each section aligned to its element size:
 *   f64 occurred-at ms · f64 document lengths · u32 string offsets (ids, texts, then terms:
 *   2n + terms + 1) · i32 versions · i32 first posting of each term (terms + 1) · f32 vector scales ·
 *   u16 or i32 posting docs · the same for posting term frequencies · u8 kind · u8 has-vector ·
 *   i8 vector codes (n × dims) · UTF-8 strings
 */
export function encodeMemory({ corpus, versions }: PatientMemory): Buffer {
  const columns = corpus.toColumns();
  const n = columns.size;
  const { postings, lengths } = corpus.bm25.toStatistics();
  const vocabulary = [...postings.entries()]
    .map(([term, list]) => ({ bytes: Buffer.from(term, 'utf8'), list }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const lists = vocabulary.map(({ list }) => list);
  const postingCount = lists.reduce((sum, p) => sum + p.docs.length, 0);
  const strings = [
    ...Array.from({ length: n }, (_, i) => Buffer.from(columns.idAt(i), 'utf8')),
    ...Array.from({ length: n }, (_, i) => Buffer.from(columns.textAt(i), 'utf8')),
    ...vocabulary.map(({ bytes }) => bytes),
  ];
  const stringBytes = strings.reduce((sum, s) => sum + s.length, 0);
  const header: Header = {
    format: FORMAT,
    entries: n,
    dims: columns.dims,
    postings: postingCount,
    postingBytes: n <= 0xffff && lists.every(({ tfs }) => tfs.every((tf) => tf <= 0xffff)) ? 2 : 4,
    kinds: [...columns.kinds],
    terms: vocabulary.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const layout = sections(headerBytes.length, header, stringBytes);
  const out = new ArrayBuffer(layout.end);
  const bytes = new Uint8Array(out);
  new DataView(out).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  new Float64Array(out, layout.times, n).set(columns.times);
  new Float64Array(out, layout.lengths, n).set(lengths);
  const offsets = new Uint32Array(out, layout.offsets, strings.length + 1);
  let at = 0;
  strings.forEach((s, i) => {
    offsets[i] = at;
    bytes.set(s, layout.strings + at);
    at += s.length;
  });
  offsets[strings.length] = at;
  new Int32Array(out, layout.versions, n).set(versions);
  const starts = new Int32Array(out, layout.starts, lists.length + 1);
  const Posting = header.postingBytes === 2 ? Uint16Array : Int32Array;
  const docs = new Posting(out, layout.docs, postingCount);
  const tfs = new Posting(out, layout.tfs, postingCount);
  let p = 0;
  lists.forEach((list, t) => {
    starts[t] = p;
    docs.set(list.docs, p);
    tfs.set(list.tfs, p);
    p += list.docs.length;
  });
  starts[lists.length] = p;
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
  const { entries: n, dims, terms } = header;
  const offsets = new Uint32Array(out, sections(headerLength, header, 0).offsets, 2 * n + terms + 1);
  const layout = sections(headerLength, header, offsets[2 * n + terms]!);
  if (layout.end !== out.byteLength) throw new Error('memory snapshot has the wrong length');
  const kindOf = bytes.subarray(layout.kinds, layout.kinds + n);
  if (kindOf.some((kind) => kind >= header.kinds.length))
    throw new Error('memory snapshot names an unknown kind');
  const Posting = header.postingBytes === 2 ? Uint16Array : Int32Array;
  const postings = new StoredPostings(
    bytes.subarray(layout.strings),
    offsets.subarray(2 * n),
    new Int32Array(out, layout.starts, terms + 1),
    new Posting(out, layout.docs, header.postings),
    new Posting(out, layout.tfs, header.postings),
  );
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
  const versions = offsets + 4 * (2 * n + terms + 1);
  const starts = versions + 4 * n;
  const scales = starts + 4 * (terms + 1);
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
    starts,
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

/**
 * A restored vocabulary: term t is `strings[offsets[t], offsets[t + 1])`, in UTF-8 byte order, and
 * its postings are `docs` and `tfs` from `starts[t]` to `starts[t + 1]`.
 */
class StoredPostings implements PostingsTable {
  constructor(
    private readonly strings: Buffer,
    private readonly offsets: Uint32Array,
    private readonly starts: Int32Array,
    private readonly docs: Int32Array | Uint16Array,
    private readonly tfs: Int32Array | Uint16Array,
  ) {}

  get(term: string): Postings | undefined {
    const key = Buffer.from(term, 'utf8');
    let low = 0;
    let high = this.starts.length - 2;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      // strings[term middle] against key: < 0 when the stored term sorts first.
      const order = this.strings.compare(key, 0, key.length, this.offsets[middle], this.offsets[middle + 1]);
      if (order === 0) return this.at(middle);
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  *entries(): IterableIterator<[string, Postings]> {
    for (let t = 0; t + 1 < this.starts.length; t++)
      yield [this.strings.toString('utf8', this.offsets[t], this.offsets[t + 1]), this.at(t)];
  }

  private at(t: number): Postings {
    const [from, to] = [this.starts[t]!, this.starts[t + 1]!];
    return { docs: this.docs.subarray(from, to), tfs: this.tfs.subarray(from, to) };
  }
}
