import '../support/onnx-realm.js';
import { RecordsService } from '../../src/records/records.service.js';
import { actor, auditTypes, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * A draft decrypts the patient's entries for its generator: that read is audited as
 * `report.draft.read`, naming every entry the generator was given, in the transaction that checked
 * access and read them — also when the decrypted evidence comes from the in-memory cache.
 */
describe('report drafts audit what they read', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let stranger: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let entryIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    stranger = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const { entryIds: ids } = await t.prisma.$transaction((tx) =>
      t.app.get(RecordsService).addEntries(
        patientId,
        [
          ...Array.from({ length: 30 }, (_, i) => ({
            kind: 'observation',
            occurredAt: day(i),
            body: { code: '2160-0', display: 'Creatinine', value: 1 + i / 10, unit: 'mg/dL' },
          })),
          {
            kind: 'problem',
            occurredAt: day(1),
            body: { codeSystem: 'ICD-10', code: 'N17.9', display: 'AKI' },
          },
          { kind: 'medication', occurredAt: day(2), body: { name: 'Ibuprofen', dose: '400 mg' } },
          {
            kind: 'note',
            occurredAt: day(3),
            body: { text: 'Creatinine rising since ibuprofen was started.' },
          },
        ],
        { userId: doctor.user.id },
        tx,
      ),
    );
    entryIds = ids;
  });
  afterAll(() => t.close());

  const draft = (headers = doctor.headers) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/reports`,
      headers,
      payload: { question: 'Why is the creatinine rising?' },
    });
  const draftReads = async () =>
    (await auditTypes(t, patientId)).filter((e) => e.type === 'report.draft.read');

  it('names every entry handed to the generator, not only the cited ones', async () => {
    const response = await draft();
    expect(response.statusCode).toBe(201);
    const [read] = await draftReads();
    expect(read).toMatchObject({
      outcome: 'success',
      purposeOfUse: 'treatment',
      actorUserId: doctor.user.id,
    });
    expect([...read!.entityIds].sort()).toEqual([...entryIds].sort());
    const cited = (await auditTypes(t, patientId)).find((e) => e.type === 'report.evidence')!;
    expect(cited.entityIds.length).toBeLessThan(read!.entityIds.length);
    expect(cited.entityIds.every((id) => read!.entityIds.includes(id))).toBe(true);
  });

  it('audits a draft served from the evidence cache the same way', async () => {
    expect((await draft()).statusCode).toBe(201);
    const reads = await draftReads();
    expect(reads).toHaveLength(2);
    expect([...reads[1]!.entityIds].sort()).toEqual([...entryIds].sort());
  });

  it('records no read for a caller outside the care team', async () => {
    expect((await draft(stranger.headers)).statusCode).toBe(404);
    expect(await draftReads()).toHaveLength(2);
    const denied = (await auditTypes(t, patientId)).filter((e) => e.type === 'patient.access');
    expect(denied.at(-1)).toMatchObject({ outcome: 'denied', actorUserId: stranger.user.id });
  });
});
