import '../support/onnx-realm.js';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { EntryEmbeddingService } from '../../src/embeddings/entries/entry-embedding.service.js';
import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { RetrievalService } from '../../src/retrieval/retrieval.service.js';
import {
  REPORT_RETRIEVER,
  type ReportRetriever,
} from '../../src/reports/evidence/patient-evidence.service.js';
import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('POST /api/patients/:id/retrieval', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let otherPatientId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    const stranger = await actor(t, 'clinician');
    otherPatientId = (await patientOf(t, stranger)).id;
    const records = t.app.get(RecordsService);
    const add = async (name: string, kind: string, body: object, day: number, patient = patientId) => {
      const entry = await records.addEntry(
        patient,
        { kind, occurredAt: new Date(Date.UTC(2026, 9, day)), body } as never,
        patient === patientId ? doctor.caller : stranger.caller,
      );
      ids[name] = entry.id;
    };
    await add(
      'aki',
      'note',
      { text: 'Renal review. Cr trending up 1.1 -> 2.3 after ibuprofen; likely AKI. Hold NSAIDs.' },
      3,
    );
    await add(
      'creat',
      'observation',
      {
        code: '2160-0',
        codeSystem: 'LOINC',
        display: 'Creatinine',
        value: 2.3,
        unit: 'mg/dL',
        abnormalFlag: 'H',
      },
      3,
    );
    await add('flu', 'note', { text: 'Influenza vaccine given, no reaction.' }, 1);
    await add(
      'metformin',
      'medication',
      { name: 'Metformin', dose: '1000 mg', route: 'PO', frequency: 'BID' },
      2,
    );
    await add('secret', 'note', { text: 'Creatinine 4.0, dialysis discussed.' }, 2, otherPatientId);
  });
  afterAll(() => t.close());

  const ask = (question: string, id = patientId, headers: Record<string, string> = doctor.headers) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${id}/retrieval`,
      headers,
      payload: { question, limit: 3 },
    });

  it('ranks the entries that answer the question, with the passage to quote, lexically before embedding', async () => {
    const response = await ask('why is the creatinine rising?');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The background worker (started with the server) may already have embedded some entries;
    // not-yet-embedded ones rank lexically (src/retrieval/ranking/hybrid-ranker.spec.ts).
    expect(body.unembedded).toBeLessThanOrEqual(4);
    expect(
      body.results
        .map((r: { entryId: string }) => r.entryId)
        .slice(0, 2)
        .sort(),
    ).toEqual([ids.aki, ids.creat].sort());
    const note = body.results.find((r: { entryId: string }) => r.entryId === ids.aki);
    expect(note.text.slice(note.passage.start, note.passage.end)).toBe(
      'Cr trending up 1.1 -> 2.3 after ibuprofen;',
    );
    expect(JSON.stringify(body)).not.toContain('dialysis');
  });

  it('stores encrypted vectors with the model id, then blends the dense signal', async () => {
    await t.app.get(EntryEmbeddingService).embedAllPending();
    const rows = await t.prisma.entryEmbedding.findMany({ where: { patientId } });
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.modelId).toBe('anamnesis/glove-sif-100d@3');
      expect(row.dimension).toBe(100);
      expect(row.vector.length).toBeGreaterThan(400);
      // Raw float32 vectors have a norm of 1; ciphertext read as floats does not (random bytes can
      // also read as NaN, which is not a unit norm either).
      const floats = new Float32Array(Uint8Array.from(row.vector).buffer, 0, 100);
      expect(Math.abs(Math.hypot(...floats) - 1) <= 0.01).toBe(false);
    }
    const body = (await ask('kidney function')).json();
    expect(body.unembedded).toBe(0);
    expect(body.results[0].signals.dense).toEqual(expect.any(Number));
    expect([ids.aki, ids.creat]).toContain(body.results[0].entryId);
  });

  it('re-embeds an amended entry and ranks by its new text', async () => {
    await t.app
      .get(RecordsService)
      .amend(
        ids.flu!,
        { body: { text: 'Influenza vaccine given. Later: new potassium 6.1, peaked T waves.' } },
        doctor.caller,
      );
    expect((await ask('high potassium')).json().results[0].entryId).toBe(ids.flu);
    await t.app.get(EntryEmbeddingService).embedAllPending();
    const row = await t.prisma.entryEmbedding.findFirstOrThrow({ where: { entryId: ids.flu } });
    expect(row.version).toBe(2);
  });

  it('audits the retrieval as a read of exactly the entries returned', async () => {
    const body = (await ask('metformin dose')).json();
    await t.app.get(AuditSequencer).drain(); // the read's event is staged; the sequencer chains it
    const event = await t.prisma.auditEvent.findFirst({
      where: { type: 'retrieval.query', patientId },
      orderBy: { seq: 'desc' },
    });
    expect(event).toMatchObject({
      action: 'R',
      outcome: 'success',
      purposeOfUse: 'treatment',
      actorUserId: doctor.user.id,
    });
    expect(event!.entityIds).toEqual(body.results.map((r: { entryId: string }) => r.entryId));
  });

  it('ranks for report drafts through the REPORT_RETRIEVER hook', async () => {
    const retriever = t.app.get<ReportRetriever>(REPORT_RETRIEVER);
    const ranked = await retriever.rank(patientId, 'renal function, creatinine', doctor.caller);
    expect(
      ranked
        .slice(0, 2)
        .map((r) => r.entryId)
        .sort(),
    ).toEqual([ids.aki, ids.creat].sort());
    const creat = ranked.find((r) => r.entryId === ids.creat)!;
    expect(creat.why.matchedTerms).toContain('creatinine');
    expect(creat.why.summary).toMatch(/^Contains the question's words .*creatinine/);
    await expect(retriever.rank(otherPatientId, 'creatinine', doctor.caller)).rejects.toThrow(/not found/);
  });

  it('answers 404 for a patient outside the care team, 403 for a role without entry:read, 401 without a token', async () => {
    expect((await ask('creatinine', otherPatientId)).statusCode).toBe(404);
    const compliance = await actor(t, 'compliance');
    expect((await ask('creatinine', patientId, compliance.headers)).statusCode).toBe(403);
    expect((await ask('creatinine', patientId, {})).statusCode).toBe(401);
    expect((await ask('', patientId)).statusCode).toBe(400);
  });

  it('drops the decrypted corpus from memory when the patient is erased', async () => {
    const retrieval = t.app.get(RetrievalService);
    // The cache is private; its size is the observable fact this test is about.
    const cachedPatients = () =>
      (retrieval as unknown as { cache: { size: { patients: number } } }).cache.size.patients;
    const erasable = (await patientOf(t, doctor)).id;
    await t.app
      .get(RecordsService)
      .addEntry(
        erasable,
        { kind: 'note', occurredAt: new Date(), body: { text: 'Creatinine stable.' } },
        doctor.caller,
      );
    await retrieval.rank(erasable, 'creatinine', doctor.caller);
    const before = cachedPatients();
    const admin = await actor(t, 'admin');
    await t.app.get(PatientErasureService).erase(erasable, admin.caller);
    expect(cachedPatients()).toBe(before - 1);
  });
});
