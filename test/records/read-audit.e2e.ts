import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, patientOf } from './records-fixtures.js';

/**
 * The timeline and single-entry reads run without a transaction; their audit events go into the
 * chain by one statement for all concurrent reads (group commit). What must still hold: no entry leaves unless its
 * event committed, and every read has its own event.
 */
describe('audited reads, group-committed', () => {
  let t: TestApp;
  let owner: pg.Client;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let entryId: string;
  const SECRET = 'Seen for the read-audit test: stable angina';

  beforeAll(async () => {
    t = await createTestApp();
    owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    const written = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: doctor.headers,
      payload: { kind: 'note', occurredAt: '2026-02-03T04:05:06.000Z', body: { text: SECRET } },
    });
    expect(written.statusCode).toBe(201);
    entryId = written.json().id;
  });

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const timeline = () =>
    t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/entries`, headers: doctor.headers });
  const entry = () =>
    t.app.inject({ method: 'GET', url: `/api/entries/${entryId}`, headers: doctor.headers });

  it('gives every one of many concurrent reads its own committed event', async () => {
    const before = (await auditTypes(t, patientId)).filter((e) => e.type === 'entry.list').length;
    const answers = await Promise.all(Array.from({ length: 24 }, timeline));
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    expect((await auditTypes(t, patientId)).filter((e) => e.type === 'entry.list').length - before).toBe(24);
    const requests = await t.prisma.auditEvent.findMany({
      where: { patientId, type: 'entry.list' },
      select: { correlationId: true },
    });
    expect(new Set(requests.map((e) => e.correlationId)).size).toBe(requests.length);
  });

  it('answers no entry when its audit event cannot be committed', async () => {
    // The owner makes the chain refuse reads' events (the app's role could not).
    await owner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "test_refuse_reads"
         CHECK ("type" NOT IN ('entry.list', 'entry.read')) NOT VALID`,
    );
    try {
      for (const answer of [await timeline(), await entry()]) {
        expect(answer.statusCode).toBeGreaterThanOrEqual(500);
        expect(answer.body).not.toContain('angina');
      }
    } finally {
      await owner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "test_refuse_reads"`);
    }
    expect((await timeline()).body).toContain('angina');
  });
});
