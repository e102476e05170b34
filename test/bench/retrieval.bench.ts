import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { quantile, round, type BenchTable } from './table.js';
import { locateDefaultModel } from '../../src/embeddings/default-model/default-model-location.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import {
  embedEvaluationSet,
  evaluateRetrieval,
  loadEvaluationSet,
  type EvaluationRun,
} from '../../src/retrieval/evaluation/evaluation-set.js';
import { QueryExpansion } from '../../src/retrieval/lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../src/retrieval/ranking/fusion-weights.js';
import { rankEntries } from '../../src/retrieval/ranking/hybrid-ranker.js';
import { kindPriors } from '../../src/retrieval/ranking/kind-priors.js';
import { PatientCorpus, type RetrievableEntry } from '../../src/retrieval/ranking/patient-corpus.js';
import { fromGrid, toGrid } from '../../src/retrieval/ranking/vector-grid.js';
import { join } from 'node:path';

const quiet = { warn: () => undefined };
const fixed = (value: number) => value.toFixed(3);

/** Retrieval quality on the evaluation set, and latency per query for large patients. */
export default async function (): Promise<BenchTable[]> {
  const { dir, manifest } = locateDefaultModel(join(PROJECT_ROOT, 'data'));
  const model = await GloveSifModel.open(dir, manifest, 'cpu', quiet);
  const set = loadEvaluationSet();
  await embedEvaluationSet(set, (texts) => model.embed(texts));
  const questionVectors = new Map<string, Float32Array>();
  const vectors = await model.embed(set.questions.map((q) => q.question));
  set.questions.forEach((question, i) => questionVectors.set(question.id, vectors[i]!));

  const weights = DEFAULT_FUSION_WEIGHTS;
  const heldOut = (_: string, index: number) => index % 2 === 1;
  const runs: [string, EvaluationRun][] = [
    ['BM25, question words only', { mode: 'bm25', weights, lexicon: false }],
    ['BM25 + clinical lexicon', { mode: 'bm25', weights, lexicon: true }],
    ['dense only (GloVe-SIF)', { mode: 'dense', weights, lexicon: true }],
    ['reciprocal rank fusion (k=60)', { mode: 'rrf', weights, lexicon: true }],
    [
      'hybrid without dense (kind prior + MMR)',
      { mode: 'hybrid', weights: { ...weights, dense: 0 }, lexicon: true },
    ],
    ['hybrid (tuned blend)', { mode: 'hybrid', weights, lexicon: true }],
    ['BM25 + lexicon, held-out patients', { mode: 'bm25', weights, lexicon: true, patientFilter: heldOut }],
    ['hybrid, held-out patients', { mode: 'hybrid', weights, lexicon: true, patientFilter: heldOut }],
  ];
  const quality = runs.map(([name, run]) => {
    const m = evaluateRetrieval(set, questionVectors, run);
    return [
      name,
      m.questions,
      fixed(m.recallAt5),
      fixed(m.recallAt10),
      fixed(m.ndcgAt10),
      fixed(m.reciprocalRank),
    ];
  });

  const pool = set.patients.flatMap((patient) => patient.entries);
  const latencyRows: (string | number)[][] = [];
  for (const size of [500, 1000, 5000])
    latencyRows.push([size, ...(await latency(model, pool, size, set.questions))]);
  await model.close();
  return [
    {
      title: `Retrieval quality (${set.patients.length} synthetic patients, ${pool.length} entries)`,
      columns: ['ranking', 'questions', 'recall@5', 'recall@10', 'nDCG@10', 'MRR'],
      rows: quality,
      notes: [
        `blend: BM25/max + ${weights.dense}·dense(min-max) + ${weights.kind}·kind prior + ${weights.recency}·recency, MMR ${weights.diversity}; ` +
          'tuned on even-numbered patients, held-out rows are the odd ones.',
      ],
    },
    {
      title:
        'Retrieval latency per question (one patient, uncached: decrypt + index + embed question + rank)',
      columns: [
        'entries',
        'uncached p50 (ms)',
        'uncached p95 (ms)',
        'of which decrypt p50 (ms)',
        'cached corpus p50 (ms)',
        'cached corpus p95 (ms)',
      ],
      rows: latencyRows,
      notes: [
        'AES-256-GCM decryption of each entry text and vector with node:crypto stands in for the records module.',
      ],
    },
  ];
}

async function latency(
  model: GloveSifModel,
  pool: RetrievableEntry[],
  size: number,
  questions: { question: string }[],
): Promise<number[]> {
  const key = randomBytes(32);
  const sealed = Array.from({ length: size }, (_, i) => {
    const entry = pool[i % pool.length]!;
    return {
      ...entry,
      id: `e${i}`,
      text: seal(key, Buffer.from(entry.text)),
      vector: seal(key, Buffer.from(fromGrid(entry.vector!).buffer)),
    };
  });
  const expansion = new QueryExpansion();
  const times: number[] = [];
  const decryptTimes: number[] = [];
  const warmTimes: number[] = [];
  let cached: PatientCorpus | undefined;
  for (const { question } of questions.slice(0, 60)) {
    const started = performance.now();
    const entries: RetrievableEntry[] = sealed.map((entry) => {
      const vector = open(key, entry.vector);
      return {
        ...entry,
        text: open(key, entry.text).toString('utf8'),
        vector: toGrid(new Float32Array(vector.buffer, vector.byteOffset, vector.byteLength / 4)),
      };
    });
    decryptTimes.push(performance.now() - started);
    const corpus = new PatientCorpus(entries);
    await ask(corpus, question);
    times.push(performance.now() - started);
    cached ??= corpus;
    const warmStarted = performance.now();
    await ask(cached, question);
    warmTimes.push(performance.now() - warmStarted);
  }
  return [
    round(quantile(times, 0.5)),
    round(quantile(times, 0.95)),
    round(quantile(decryptTimes, 0.5)),
    round(quantile(warmTimes, 0.5)),
    round(quantile(warmTimes, 0.95)),
  ];

  async function ask(corpus: PatientCorpus, question: string) {
    const [vector] = await model.embed([question]);
    return rankEntries(
      corpus,
      { terms: expansion.expand(question), vector, kinds: kindPriors(question) },
      { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: new Date(), limit: 10 },
    );
  }
}

function seal(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}
