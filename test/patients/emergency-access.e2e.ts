import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, patientOf } from '../records/records-fixtures.js';

describe('finding and opening patients', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let outsider: Awaited<ReturnType<typeof actor>>;
  let mine: { id: string; mrn: string };
  let theirs: { id: string; mrn: string };

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    outsider = await actor(t, 'clinician');
    mine = await patientOf(t, doctor, { assigningAuthority: 'GENERAL' });
    theirs = await patientOf(t, outsider);
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const breakGlass = (payload: object, headers = doctor.headers) =>
    t.app.inject({ method: 'POST', url: '/api/patients/break-glass', headers, payload });

  it('lists "my patients" (the care team) when no query is given, and only those', async () => {
    const response = await get('/api/patients', doctor.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((p: { id: string; access: string }) => [p.id, p.access])).toEqual([
      [mine.id, 'treatment'],
    ]);
  });

  it('finds an MRN issued under an authority without naming it', async () => {
    const response = await get(`/api/patients?mrn=${mine.mrn}`, doctor.headers);
    expect(response.json().map((p: { id: string }) => p.id)).toEqual([mine.id]);
  });

  it('opens a patient outside the care team by exact MRN and reason, then shows the access as emergency', async () => {
    expect((await get(`/api/patients/${theirs.id}`, doctor.headers)).statusCode).toBe(404);
    expect((await get(`/api/patients?mrn=${theirs.mrn}`, doctor.headers)).json()).toEqual([]);
    const granted = await breakGlass({ mrn: theirs.mrn, reason: 'Unconscious in ED, no team reachable' });
    expect(granted.statusCode).toBe(201);
    expect(granted.json().patientId).toBe(theirs.id);
    const opened = await get(`/api/patients/${theirs.id}`, doctor.headers);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().access).toBe('emergency');
    const event = await t.prisma.auditEvent.findFirst({
      where: { type: 'breakglass.start', patientId: theirs.id },
    });
    expect(event?.purposeOfUse).toBe('emergency');
  });

  it('audits a miss, answers 404, and refuses short reasons and other roles', async () => {
    const miss = await breakGlass({ mrn: 'NO-SUCH-MRN', reason: 'Unconscious in ED, no team reachable' });
    expect(miss.statusCode).toBe(404);
    const lookup = await t.prisma.auditEvent.findFirst({ where: { type: 'breakglass.lookup' } });
    expect(lookup).toMatchObject({ outcome: 'failure', actorUserId: doctor.user.id });
    expect((await breakGlass({ mrn: theirs.mrn, reason: 'urgent' })).statusCode).toBe(400);
    const compliance = await actor(t, 'compliance');
    expect(
      (
        await breakGlass(
          { mrn: theirs.mrn, reason: 'Unconscious in ED, no team reachable' },
          compliance.headers,
        )
      ).statusCode,
    ).toBe(403);
  });
});
