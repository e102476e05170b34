import '../support/onnx-realm.js';
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PatientAccessService } from '../../src/access/patient-access.service.js';
import { PatientKeysService } from '../../src/crypto/patient-keys.service.js';
import { EntryEmbeddingService } from '../../src/embeddings/entries/entry-embedding.service.js';
import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { MemorySnapshotStore, SNAPSHOT_PART_BYTES } from '../../src/retrieval/memory-snapshot-store.js';
import { PatientCorpusLoader } from '../../src/retrieval/patient-corpus-loader.js';
import { PatientCorpus } from '../../src/retrieval/ranking/patient-corpus.js';
import { toGrid } from '../../src/retrieval/ranking/vector-grid.js';
import { RetrievalService } from '../../src/retrieval/retrieval.service.js';
import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The per-patient memory snapshot: one encrypted blob of a patient's retrieval memory, rebuilt in
 * the background after new entries are embedded and written after a question built the memory, used by the next uncached question of the same stamp,
 * bound to its patient, model and stamp, deleted by erasure and unreadable once the key is shredded.
 */
describe('retrieval memory snapshots', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let otherId: string;
  const SECRET = 'Zorblaxian nephropathy';

  beforeAll(async () => {
    // Services only: no job workers, so no background embedding moves the stamp under the test.
    t = await createTestApp({}, { ready: false });
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    otherId = (await patientOf(t, doctor)).id;
    const records = t.app.get(RecordsService);
    for (const [id, text] of [
      [patientId, `${SECRET}: creatinine rising, renal review booked.`],
      [patientId, 'Influenza vaccine given, no reaction.'],
      [otherId, 'Ankle sprain, ice and rest.'],
    ] as const)
      await records.addEntry(
        id,
        { kind: 'note', occurredAt: new Date(Date.UTC(2026, 9, 3)), body: { text } },
        doctor.caller,
      );
    await t.app.get(EntryEmbeddingService).embedAllPending();
    await t.app.get(RetrievalService).refreshed(); // the background rebuild those vectors started
  });
  afterAll(() => t.close());

  const retrieval = () => t.app.get(RetrievalService);
  const snapshots = () => t.app.get(MemorySnapshotStore);
  const modelId = () => t.app.get(RetrievalService)['embeddings'].model.id as string;
  /** The stored snapshot: its stamp and its sealed bytes (the parts joined in order). */
  const row = (id: string) =>
    t.prisma.$queryRaw<{ stamp: string; parts: number; memory: Uint8Array }[]>`
      SELECT s."stamp", s."parts", (SELECT string_agg(p."data", ''::bytea ORDER BY p."part")
        FROM "patient_memory_snapshot_parts" p WHERE p."patient_id" = s."patient_id") AS "memory"
      FROM "patient_memory_snapshots" s WHERE s."patient_id" = ${id}::uuid`;
  /** The snapshot as the next uncached question would read it (undefined: it would rebuild). */
  const stored = (id: string) =>
    t.prisma.$transaction(async (tx) => {
      const scope = t.app.get(PatientAccessService).systemScope(id, tx);
      const stamp = await t.app.get(PatientCorpusLoader).stamp(scope, modelId());
      return snapshots().read(scope, modelId(), stamp);
    });

  it('is written after an uncached question, encrypted, and answers the next uncached one alike', async () => {
    retrieval().forget(patientId);
    const first = await retrieval().retrieve(patientId, 'creatinine renal', 5, doctor.caller);
    await snapshots().settled();
    const [saved] = await row(patientId);
    expect(saved).toBeDefined();
    expect(Buffer.from(saved!.memory).includes(Buffer.from('Zorblaxian'))).toBe(false);
    const memory = await stored(patientId);
    expect(
      memory?.corpus
        .toEntries()
        .map((e) => e.text)
        .sort(),
    ).toEqual(first.results.map((r) => r.text).sort());
    expect(memory?.corpus.toEntries().every((e) => e.vector?.codes.length)).toBe(true);
    retrieval().forget(patientId);
    const again = await retrieval().retrieve(patientId, 'creatinine renal', 5, doctor.caller);
    expect(again.results.map((r) => [r.entryId, r.score, r.passage])).toEqual(
      first.results.map((r) => [r.entryId, r.score, r.passage]),
    );
  });

  it('answers concurrent uncached questions about two patients each from its own snapshot', async () => {
    // The sealed bytes are fetched into reused buffers: none may ever carry one patient's memory
    // into another's question.
    const ask = (id: string) =>
      retrieval().retrieve(id, id === patientId ? 'creatinine renal' : 'ankle sprain', 5, doctor.caller);
    const answer = ({ results }: Awaited<ReturnType<typeof ask>>) =>
      results.map((r) => [r.entryId, r.text, r.score]);
    const expected = new Map([
      [patientId, answer(await ask(patientId))],
      [otherId, answer(await ask(otherId))],
    ]);
    expect(expected.get(otherId)).toEqual([
      [expect.any(String), 'Ankle sprain, ice and rest.', expect.any(Number)],
    ]);
    const load = jest.spyOn(t.app.get(PatientCorpusLoader), 'load');
    try {
      const asked = Array.from({ length: 16 }, (_, i) => (i % 2 ? otherId : patientId));
      const answers = await Promise.all(
        asked.map((id) => {
          retrieval().forget(id);
          return ask(id);
        }),
      );
      answers.forEach((got, i) => expect(answer(got)).toEqual(expected.get(asked[i]!)));
      expect(load).not.toHaveBeenCalled(); // every one from a snapshot, none from the record
    } finally {
      load.mockRestore();
    }
  });

  it('is not used once the record changed (stamp), and is rebuilt by the next question', async () => {
    const [before] = await row(patientId);
    await t.app
      .get(RecordsService)
      .addEntry(
        patientId,
        { kind: 'note', occurredAt: new Date(Date.UTC(2026, 9, 4)), body: { text: 'Creatinine 2.0 today.' } },
        doctor.caller,
      );
    expect(await stored(patientId)).toBeUndefined();
    const answer = await retrieval().retrieve(patientId, 'creatinine today', 5, doctor.caller);
    expect(answer.results.some((r) => r.text.includes('2.0 today'))).toBe(true);
    await snapshots().settled();
    const [after] = await row(patientId);
    expect(after!.stamp).not.toBe(before!.stamp);
  });

  it('is rebuilt in the background once new entries are embedded, audited as a system read', async () => {
    await t.app.get(RecordsService).addEntry(
      patientId,
      {
        kind: 'note',
        occurredAt: new Date(Date.UTC(2026, 9, 5)),
        body: { text: 'Potassium 5.9, repeat.' },
      },
      doctor.caller,
    );
    expect(await stored(patientId)).toBeUndefined(); // the write moved the stamp
    await t.app.get(EntryEmbeddingService).embedAllPending();
    await retrieval().refreshed();
    const memory = await stored(patientId);
    expect(
      memory?.corpus.toEntries().some((e) => e.text.includes('Potassium 5.9') && e.vector?.codes.length),
    ).toBe(true);
    const events = await t.prisma.auditEvent.findMany({
      where: { patientId, type: 'patient.memory.snapshot' },
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ actorUserId: null, entityIds: [patientId] });
  });

  it("does not open under another patient's row (AAD binds the patient)", async () => {
    await retrieval().retrieve(otherId, 'ankle', 5, doctor.caller);
    await snapshots().settled();
    await t.prisma.$transaction([
      t.prisma.$executeRaw`
        UPDATE "patient_memory_snapshots" o SET "stamp" = s."stamp", "parts" = s."parts"
        FROM "patient_memory_snapshots" s WHERE s."patient_id" = ${patientId}::uuid AND o."patient_id" = ${otherId}::uuid`,
      t.prisma.$executeRaw`DELETE FROM "patient_memory_snapshot_parts" WHERE "patient_id" = ${otherId}::uuid`,
      t.prisma.$executeRaw`
        INSERT INTO "patient_memory_snapshot_parts" ("patient_id", "part", "data")
        SELECT ${otherId}::uuid, "part", "data" FROM "patient_memory_snapshot_parts" WHERE "patient_id" = ${patientId}::uuid`,
    ]);
    t.app.get(PatientKeysService).clearCache();
    const scope = t.app.get(PatientAccessService).systemScope(otherId, t.prisma);
    const [moved] = await row(otherId);
    expect(await snapshots().read(scope, modelId(), moved!.stamp)).toBeUndefined();
  });

  it('splits a large memory into parts, read back whole; a part swapped or missing is unreadable', async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({
      id: randomUUID(),
      kind: 'note',
      occurredAt: new Date(Date.UTC(2026, 0, 1 + (i % 300))),
      text: `Visit ${i}: creatinine ${(1 + i / 100).toFixed(2)} mg/dL, potassium ${(3.5 + (i % 20) / 10).toFixed(1)}.`,
      vector: toGrid(Float32Array.from({ length: 100 }, (_, d) => Math.sin(i * 7 + d) / 7)),
    }));
    const memory = { corpus: new PatientCorpus(entries), versions: new Int32Array(entries.length).fill(1) };
    const scope = t.app.get(PatientAccessService).systemScope(otherId, t.prisma);
    await snapshots().save(otherId, modelId(), 'large', memory);
    const [saved] = await row(otherId);
    expect(saved!.parts).toBeGreaterThan(2);
    expect(saved!.memory.length).toBeGreaterThan(2 * SNAPSHOT_PART_BYTES);
    const read = await snapshots().read(scope, modelId(), 'large');
    expect(read?.corpus.toEntries().map((e) => [e.id, e.text, e.occurredAt.getTime(), e.vector])).toEqual(
      entries.map((e) => [e.id, e.text, e.occurredAt.getTime(), e.vector]),
    );
    expect(read?.corpus.bm25.score(new Map([['creatinine', 1]]))).toEqual(
      memory.corpus.bm25.score(new Map([['creatinine', 1]])),
    );
    const parts = `"patient_memory_snapshot_parts"`;
    await t.prisma.$executeRawUnsafe(
      `UPDATE ${parts} p SET "data" = q."data" FROM ${parts} q WHERE p."patient_id" = $1::uuid
        AND q."patient_id" = $1::uuid AND p."part" IN (0, 1) AND q."part" = 1 - p."part"`,
      otherId,
    );
    expect(await snapshots().read(scope, modelId(), 'large')).toBeUndefined();
    await snapshots().save(otherId, modelId(), 'large', memory);
    expect(await snapshots().read(scope, modelId(), 'large')).toBeDefined();
    await t.prisma.$executeRawUnsafe(
      `DELETE FROM ${parts} WHERE "patient_id" = $1::uuid AND "part" = (SELECT max("part") FROM ${parts} WHERE "patient_id" = $1::uuid)`,
      otherId,
    );
    expect(await snapshots().read(scope, modelId(), 'large')).toBeUndefined();
  });

  it('is unreadable once the key is shredded, and deleted by erasure', async () => {
    const [kept] = await row(patientId);
    expect(kept).toBeDefined();
    await t.app.get(PatientKeysService).destroy(patientId);
    const scope = t.app.get(PatientAccessService).systemScope(patientId, t.prisma);
    expect(await snapshots().read(scope, modelId(), kept!.stamp)).toBeUndefined();
    await t.app.get(PatientErasureService).erase(patientId, doctor.caller);
    expect(await row(patientId)).toEqual([]);
    const parts = await t.prisma.$queryRaw<unknown[]>`
      SELECT 1 FROM "patient_memory_snapshot_parts" WHERE "patient_id" = ${patientId}::uuid`;
    expect(parts).toEqual([]);
  });
});
