import '../support/onnx-realm.js';
import { EMBEDDING_REFRESH_QUEUE } from '../../src/embeddings/entries/embedding-refresh.worker.js';
import { JOBS_SCHEMA } from '../../src/database/jobs-schema.js';
import { RecordsService } from '../../src/records/records.service.js';
import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Records announce written entries; the embedding worker subscribes and queues a sweep at once —
 * nothing else (retrieval no longer) kicks it, and a waiting periodic sweep does not swallow it.
 */
describe('embedding trigger', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp(); // ready: the worker starts and subscribes
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
  });
  afterAll(() => t.close());

  const immediateSweeps = async (since: Date) =>
    t.prisma.$queryRawUnsafe<{ startAfter: Date; createdOn: Date }[]>(
      `SELECT "start_after" AS "startAfter", "created_on" AS "createdOn" FROM "${JOBS_SCHEMA}"."job"
        WHERE "name" = $1 AND "singleton_key" = 'written' AND "created_on" >= $2`,
      EMBEDDING_REFRESH_QUEUE,
      since,
    );
  const vectorOf = (entryId: string) =>
    t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS "n" FROM "entry_embeddings" WHERE "entry_id" = ${entryId}::uuid`;

  it('a written entry queues a sweep now and is embedded without any retrieval', async () => {
    // The worker's first sweep has run and queued the periodic one (10 s ahead).
    for (let i = 0; i < 200; i++) {
      const [row] = await t.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS "n" FROM "${JOBS_SCHEMA}"."job" WHERE "name" = $1 AND "singleton_key" = 'periodic'`,
        EMBEDDING_REFRESH_QUEUE,
      );
      if (row!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = new Date(Date.now() - 1000);
    const entry = await t.app
      .get(RecordsService)
      .addEntry(
        patientId,
        { kind: 'note', occurredAt: new Date(), body: { text: 'Potassium 6.1, peaked T waves.' } },
        doctor.caller,
      );
    let sweeps: { startAfter: Date; createdOn: Date }[] = [];
    for (let i = 0; i < 200 && sweeps.length === 0; i++) {
      sweeps = await immediateSweeps(before);
      if (!sweeps.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sweeps.length).toBeGreaterThan(0);
    expect(sweeps[0]!.startAfter.getTime()).toBeLessThanOrEqual(sweeps[0]!.createdOn.getTime() + 1000);
    let embedded = 0;
    for (let i = 0; i < 600 && !embedded; i++) {
      embedded = (await vectorOf(entry.id))[0]!.n;
      if (!embedded) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(embedded).toBe(1);
  });
});
