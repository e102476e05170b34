import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { EntryEmbeddingService } from '../../src/embeddings/entries/entry-embedding.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { loadEvaluationSet } from '../../src/retrieval/evaluation/evaluation-set.js';
import { DEFAULT_CORPUS_CACHE_LIMITS } from '../../src/retrieval/ranking/patient-corpus-cache.js';
import { RetrievalService } from '../../src/retrieval/retrieval.service.js';
import { startNode, stopNode } from './app-process.js';
import { benchClinician } from './bench-clinician.js';
import { benchDatabase, type BenchDatabase } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';

/** RETRIEVAL_BENCH_ENTRIES: entries per patient (5,000 is the size the read goal is stated for). */
const ENTRIES = Number(process.env.RETRIEVAL_BENCH_ENTRIES ?? 5000);
/** More patients than the app's corpus cache holds, asked in turn: every question misses it. */
const PATIENTS = Math.floor(DEFAULT_CORPUS_CACHE_LIMITS.maxEntries / ENTRIES) + 2;
const QUESTIONS = 150;
/**
 * Uncached questions asked first, untimed (three rounds of the patients): the app's code is still
 * being optimised by V8 then, the corpus cache still filling. Their latencies get a row of their own.
 */
const WARM_UP = 3 * PATIENTS;

interface Seeded {
  patientIds: string[];
  token: string;
  questions: string[];
}

/**
 * `npm run bench -- retrieval-http`: uncached questions from outside — the app in its own process,
 * asked over HTTP from this one, one question at a time, each about another of PATIENTS patients of
 * ENTRIES entries (more than the corpus cache holds, so each is answered from the patient's memory
 * snapshot: one read, one decryption), against a cached patient and /api/health in the same run.
 */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  try {
    const seeded = await seed(db);
    const cachedKeys = await onNode(db, {}, (base) => questions(seeded, base, true));
    // Uncached again with no data key kept in memory: each question also unwraps its patient's key.
    const noKeys = await onNode(db, { DEK_CACHE_MAX: '0' }, (base) => questions(seeded, base, false));
    const row = (name: string, samples: number[]) => [
      name,
      round(quantile(samples, 0.5)),
      round(quantile(samples, 0.95)),
      round(quantile(samples, 0.99)),
    ];
    const another = 'retrieval, another patient each time (memory snapshot)';
    return [
      {
        title: `Uncached retrieval over HTTP: ${PATIENTS} patients of ${ENTRIES.toLocaleString('en')} entries, the app in its own process`,
        columns: ['request (one at a time)', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)'],
        rows: [
          row('GET /api/health', cachedKeys.health!),
          row(`${another}: the first ${WARM_UP} after the app started`, cachedKeys.first),
          row(`${another}: the next ${QUESTIONS}`, cachedKeys.uncached),
          row(`${another}, no data key cached (DEK_CACHE_MAX=0): the next ${QUESTIONS}`, noKeys.uncached),
          row('retrieval, the same patient (corpus in memory)', cachedKeys.cached!),
        ],
        notes: [
          `${QUESTIONS} requests per row (${WARM_UP} in the first), one at a time, timed in this process; the corpus cache holds ${DEFAULT_CORPUS_CACHE_LIMITS.maxEntries.toLocaleString('en')} entries, so asking ${PATIENTS} patients in turn misses it every time`,
          'the row without cached data keys comes from a second app process, started after the first stopped, after its own first questions',
        ],
      },
    ];
  } finally {
    await db.close();
  }
}

/** `work` against the app in its own process (`env` added) at its base URL; stopped afterwards. */
async function onNode<T>(
  db: BenchDatabase,
  env: Record<string, string>,
  work: (base: string) => Promise<T>,
): Promise<T> {
  const node = await startNode(db, env);
  try {
    return await work(`http://127.0.0.1:${node.port}`);
  } finally {
    await stopNode(node.child);
  }
}

/**
 * Uncached questions (the first WARM_UP apart); with `comparisons`, /api/health before them and
 * questions about one patient (its corpus in memory) after.
 */
async function questions({ patientIds, token, questions }: Seeded, base: string, comparisons: boolean) {
  const ask = (patientId: string, i: number) =>
    request(`${base}/api/patients/${patientId}/retrieval`, token, {
      question: questions[i % questions.length]!,
      limit: 10,
    });
  const uncachedAsk = (i: number) => ask(patientIds[i % PATIENTS]!, i);
  const health = comparisons ? await timed(QUESTIONS, () => request(`${base}/api/health`, token)) : undefined;
  const first = await timed(WARM_UP, uncachedAsk);
  const uncached = await timed(QUESTIONS, (i) => uncachedAsk(WARM_UP + i));
  const cached = comparisons ? await timed(QUESTIONS, (i) => ask(patientIds[0]!, i)) : undefined;
  return { health, first, uncached, cached };
}

/** Patients with embedded entries and a memory snapshot each, and a clinician's token. */
async function seed(db: BenchDatabase): Promise<Seeded> {
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  try {
    await app.init();
    const prisma = app.get(PrismaService);
    const { user, caller } = await benchClinician(app, 'bench-doctor@hospital.test');
    const set = loadEvaluationSet();
    const notes = set.patients.flatMap((p) => p.entries);
    const questions = set.questions.slice(0, 50).map((q) => q.question);
    const patientIds: string[] = [];
    for (let p = 0; p < PATIENTS; p++) {
      const patient = await app.get(PatientsService).register(
        {
          mrn: `BENCH-${p}`,
          name: { family: 'Bench', given: [`Patient${p}`] },
          birthDate: '1960-01-01',
          sex: 'female',
        },
        caller,
      );
      await prisma.$transaction(
        (tx) =>
          app.get(RecordsService).addEntries(
            patient.id,
            Array.from({ length: ENTRIES }, (_, i) => notes[(i + p) % notes.length]!).map((note) => ({
              kind: 'note' as const,
              occurredAt: note.occurredAt,
              body: { text: note.text },
            })),
            { userId: user.id },
            tx,
          ),
        { timeout: 120_000 },
      );
      patientIds.push(patient.id);
    }
    await app.get(EntryEmbeddingService).embedAllPending();
    await app.get(RetrievalService).refreshed(); // the snapshots those vectors started
    const { accessToken } = await app
      .get(SessionsService)
      .open({ id: user.id, role: 'clinician', tokenVersion: 0 });
    return { patientIds, token: accessToken, questions };
  } finally {
    await app.close();
  }
}

async function request(url: string, token: string, body?: object): Promise<void> {
  const response = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}

async function timed(count: number, send: (i: number) => Promise<void>): Promise<number[]> {
  await send(count); // one untimed: connection and first-request costs
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await send(i);
    samples.push(performance.now() - started);
  }
  return samples;
}
