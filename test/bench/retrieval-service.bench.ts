import { performance, PerformanceObserver } from 'node:perf_hooks';
import { benchClinician } from './bench-clinician.js';
import { benchDatabase } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';
import { createApp } from '../../src/app.factory.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { EntryEmbeddingService } from '../../src/embeddings/entries/entry-embedding.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { loadEvaluationSet } from '../../src/retrieval/evaluation/evaluation-set.js';
import { MemorySnapshotStore } from '../../src/retrieval/memory-snapshot-store.js';
import { RetrievalService } from '../../src/retrieval/retrieval.service.js';

/** RETRIEVAL_BENCH_ENTRIES: the patient's entry count (5,000 is the size the read goal is stated for). */
const ENTRIES = Number(process.env.RETRIEVAL_BENCH_ENTRIES ?? 1000);

/**
 * The real path for one 1,000-entry patient: RetrievalService.retrieve (access check, stamp,
 * decrypt bodies + vectors with the patient's DEK, index, embed the question, rank, audit) on
 * PostgreSQL — uncached (corpus dropped before each question) and with the corpus cache.
 */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  await app.init();
  const prisma = app.get(PrismaService);
  const { user, caller } = await benchClinician(app, 'bench-clinician@hospital.test');
  const patient = await app.get(PatientsService).register(
    {
      mrn: 'BENCH-1',
      name: { family: 'Bench', given: ['Retrieval'] },
      birthDate: '1960-01-01',
      sex: 'female',
    },
    caller,
  );
  const set = loadEvaluationSet();
  const all = set.patients.flatMap((p) => p.entries);
  const pool = Array.from({ length: ENTRIES }, (_, i) => all[i % all.length]!);
  const records = app.get(RecordsService);
  const insertStarted = performance.now();
  await prisma.$transaction(
    (tx) =>
      records.addEntries(
        patient.id,
        pool.map((entry) => ({
          kind: 'note',
          occurredAt: entry.occurredAt,
          body: { text: entry.text },
        })),
        { userId: user.id },
        tx,
      ),
    { timeout: 120_000 },
  );
  const insertMs = performance.now() - insertStarted;
  const embedStarted = performance.now();
  const embedded = await app.get(EntryEmbeddingService).embedAllPending();
  const embedMs = performance.now() - embedStarted;
  const retrieval = app.get(RetrievalService);
  const questions = set.questions.slice(0, 50).map((q) => q.question);
  const snapshots = app.get(MemorySnapshotStore);
  // One path per loop (interleaved, each row would also pay for the garbage of the one before: the
  // record path decrypts and tokenises 5,000 entries per question). No gc() between loops: a forced
  // full collection leaves V8 collecting again after every ~10 MB (its memory-reducing growth
  // factor), which made the next loop's p95 worse, not cleaner.
  const times = async (rounds: number, before: () => Promise<void>) => {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++)
      for (const question of questions) {
        await before();
        const started = performance.now();
        await retrieval.retrieve(patient.id, question, 10, caller);
        samples.push(performance.now() - started);
      }
    return samples;
  };
  const cold = await times(1, async () => {
    retrieval.forget(patient.id);
    await prisma.$executeRaw`DELETE FROM "patient_memory_snapshots"`;
  });
  await snapshots.settled(); // the snapshot the last question started saving
  const collections = garbageCollections();
  const fromSnapshot = await times(3, async () => retrieval.forget(patient.id));
  const gc = collections.stop();
  const warm = await times(3, async () => undefined);
  const [snapshot] = await prisma.$queryRaw<{ bytes: number; parts: number }[]>`
    SELECT sum(octet_length("data"))::int AS "bytes", count(*)::int AS "parts"
    FROM "patient_memory_snapshot_parts" WHERE "patient_id" = ${patient.id}::uuid`;
  await app.close();
  await db.close();
  return [
    {
      title: `Retrieval service, one ${ENTRIES.toLocaleString('en')}-entry patient on PostgreSQL (access check + audit included)`,
      columns: ['step', 'p50 (ms)', 'p95 (ms)'],
      rows: [
        [
          'uncached: stamp, read, decrypt bodies + vectors, index, embed question, rank',
          round(quantile(cold, 0.5)),
          round(quantile(cold, 0.95)),
        ],
        [
          'uncached, from the memory snapshot: stamp, one read + one decryption, embed question, rank',
          round(quantile(fromSnapshot, 0.5)),
          round(quantile(fromSnapshot, 0.95)),
        ],
        [
          'cached corpus: stamp, embed question, rank',
          round(quantile(warm, 0.5)),
          round(quantile(warm, 0.95)),
        ],
      ],
      notes: [
        `memory snapshot: ${round((snapshot?.bytes ?? 0) / 1e6, 2)} MB encrypted, in ${snapshot?.parts ?? 0} parts; ${fromSnapshot.length} questions from it (${questions.length} questions × 3), ${cold.length} uncached, ${warm.length} cached`,
        `V8 reported ${round(gc.ms, 0)} ms of garbage-collection pauses during the ${fromSnapshot.length} snapshot questions`,
        `setup: ${ENTRIES.toLocaleString('en')} note entries stored in ${round(insertMs, 0)} ms; ${embedded} embedded, encrypted and stored in ${round(embedMs, 0)} ms (${round(embedded / (embedMs / 1000), 0)} entries/s).`,
      ],
    },
  ];
}

/** The garbage-collection pauses V8 reports from now until stop(). */
function garbageCollections() {
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) ms += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      return { ms };
    },
  };
}
