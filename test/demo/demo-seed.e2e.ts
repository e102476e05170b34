import { DemoSeedService, DEMO_USERS } from '../../src/demo/demo-seed.service.js';
import { buildDemoHospital } from '../../src/demo/demo-hospital.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { authHeader, bearerFor, login } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { entriesOf } from '../ingest/record-probe.js';

describe('demo:seed (a synthetic hospital through the HL7 import path)', () => {
  let t: TestApp;
  const password = 'demo-passphrase-for-tests';
  const now = new Date('2026-12-04T12:00:00Z');
  const count = 8;
  let result: Awaited<ReturnType<DemoSeedService['seed']>>;
  beforeAll(async () => {
    t = await createTestApp();
    result = await t.app.get(DemoSeedService).seed(password, count, now);
  });
  afterAll(() => t.close());

  const userByEmail = (email: string) => t.prisma.user.findUniqueOrThrow({ where: { email } });
  const get = async (email: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: authHeader(await bearerFor(t, await userByEmail(email))) });

  it('is deterministic: the same seed, count and day give the same HL7 file', () => {
    const a = buildDemoHospital(count, now).messages.map((m) => m.text);
    expect(buildDemoHospital(count, now).messages.map((m) => m.text)).toEqual(a);
    expect(a.some((m) => m.includes('UNICODE UTF-8') && /[\u4e00-\u9fff]/.test(m))).toBe(true);
    for (const type of ['ADT^A01', 'ADT^A02', 'ADT^A03', 'ADT^A04', 'ORU^R01', 'MDM^T02', 'RDE^O11'])
      expect(a.some((m) => m.includes(`|${type}^`))).toBe(true);
  });

  it('creates a user of every role who can sign in with the given password', async () => {
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(
      new Set(['admin', 'clinician', 'nurse', 'compliance', 'integration']),
    );
    const response = await login(t, { email: 'dr.hale@demo.anamnesis.test', password });
    expect(response.statusCode).toBe(200);
  });

  it('imports every message as one import job, all mapped, shown in the import view', async () => {
    expect(result.seeded).toBe(true);
    expect(result.patients).toHaveLength(count);
    expect(result.entries).toBeGreaterThan(count * 8);
    const job = await get('admin@demo.anamnesis.test', `/api/ingest/jobs/${result.importJobId}`);
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({ status: 'completed', accepted: result.messages, rejected: 0 });
    const states = await t.prisma.ingestMessage.groupBy({ by: ['status'], _count: true });
    expect(states).toEqual([{ status: 'processed', _count: result.messages }]);
  });

  it('gives dr.hale years of history with lab series at realistic times of day, newest first', async () => {
    const plan = result.patients[0]!;
    const search = await get('dr.hale@demo.anamnesis.test', `/api/patients?mrn=${plan.person.mrn}`);
    const body = search.json();
    const patient = (Array.isArray(body) ? body : (body.items ?? body.patients))[0];
    const timeline = await get(
      'dr.hale@demo.anamnesis.test',
      `/api/patients/${patient.id}/entries?limit=100`,
    );
    expect(timeline.statusCode).toBe(200);
    const items: { kind: string; occurredAt: string; body: Record<string, unknown> }[] =
      timeline.json().items ?? timeline.json().entries;
    const times = items.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((times[0]! - times.at(-1)!) / 86_400_000 / 365).toBeGreaterThan(3);
    const creatinine = items.filter((e) => e.kind === 'observation' && e.body.code === '2160-0');
    expect(creatinine.length).toBeGreaterThan(6);
    const values = creatinine.map((e) => Number(e.body.value));
    expect(values[0]).toBeGreaterThan(values.at(-1)! + 0.5); // rising (newest first)
    expect(new Set(creatinine.map((e) => e.occurredAt.slice(11, 16))).size).toBeGreaterThan(3);
    expect(items.some((e) => e.kind === 'medication' && e.body.name === 'Ibuprofen')).toBe(true);
    expect(items.some((e) => e.kind === 'note' && String(e.body.text).includes('ibuprofen'))).toBe(true);
  });

  it('answers every story with a cited draft, Chinese patients in Chinese, exported as PDF', async () => {
    const token = await bearerFor(t, await userByEmail('dr.hale@demo.anamnesis.test'));
    for (const plan of result.patients.slice(0, 5)) {
      const id = await t.app.get(PatientsService).idByMrn(plan.person.mrn, 'DEMO');
      const draft = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${id}/reports`,
        headers: authHeader(token),
        payload: { question: plan.question },
      });
      expect(draft.statusCode).toBe(201);
      const sentences = draft
        .json()
        .sections.flatMap((s: { sentences: { citations: unknown[] }[] }) => s.sentences);
      expect(
        sentences.filter((x: { citations: unknown[] }) => x.citations.length > 0).length,
      ).toBeGreaterThan(2);
      if (!plan.chinese) continue;
      expect(JSON.stringify(sentences)).toMatch(/[\u4e00-\u9fff]/);
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/reports/${draft.json().id}/export?format=pdf`,
        headers: authHeader(token),
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.toString('latin1')).toContain('/Lang (zh-CN)');
    }
  });

  it('stops the drugs a story stops (RDE DC): warfarin is no current medication in the draft once apixaban replaced it', async () => {
    const token = await bearerFor(t, await userByEmail('dr.hale@demo.anamnesis.test'));
    const plan = result.patients.find((x) => x.story.startsWith('Atrial fibrillation'))!;
    const id = (await t.app.get(PatientsService).idByMrn(plan.person.mrn, 'DEMO'))!;
    const medications = await entriesOf(t, id, 'medication');
    const warfarin = medications.find((m) => m.body.name === 'Warfarin')!;
    const apixaban = medications.find((m) => m.body.name === 'Apixaban')!;
    expect(medications).toHaveLength(2);
    expect(warfarin.versions.map((v) => v.body.status)).toEqual(['active', 'stopped']);
    expect(Date.parse(String(warfarin.body.endedAt))).toBeLessThan(now.getTime());
    expect(apixaban.body.status).toBe('active');
    const draft = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${id}/reports`,
      headers: authHeader(token),
      payload: { question: plan.question },
    });
    expect(draft.statusCode).toBe(201);
    const current = (
      draft.json().sections as {
        key: string;
        sentences: { text: string; citations: { entryId: string }[] }[];
      }[]
    ).find((s) => s.key === 'medications')!.sentences;
    const cited = current.flatMap((s) => s.citations.map((c) => c.entryId));
    expect(cited).toContain(apixaban.id);
    expect(cited).not.toContain(warfarin.id);
    expect(current.map((s) => s.text).join(' ')).not.toContain('Warfarin');
    const stops = [
      ['CKD', 'Ibuprofen'],
      ['Heart failure', 'Amlodipine'],
    ] as const;
    for (const [story, drug] of stops) {
      const other = result.patients.find((x) => x.story.startsWith(story))!;
      const patientId = (await t.app.get(PatientsService).idByMrn(other.person.mrn, 'DEMO'))!;
      const stopped = (await entriesOf(t, patientId, 'medication')).find((m) => m.body.name === drug)!;
      expect([drug, stopped.body.status]).toEqual([drug, 'stopped']);
    }
  });

  it('keeps the outside clinician out (404) and the data encrypted at rest', async () => {
    const patient = await t.prisma.patient.findFirstOrThrow();
    expect((await get('dr.outside@demo.anamnesis.test', `/api/patients/${patient.id}`)).statusCode).toBe(404);
    const raw = await t.prisma.$queryRawUnsafe<{ hit: boolean }[]>(
      "SELECT EXISTS (SELECT 1 FROM entry_versions WHERE encode(body, 'escape') ILIKE '%ibuprofen%') AS hit",
    );
    expect(raw[0]!.hit).toBe(false);
  });

  it('runs only once', async () => {
    const again = await t.app.get(DemoSeedService).seed(password, count, now);
    expect(again.seeded).toBe(false);
    expect(await t.prisma.patient.count()).toBe(count);
  });
});
