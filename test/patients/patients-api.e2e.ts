import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, newPatient, patientOf } from '../records/records-fixtures.js';

describe('patients API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('registers a patient; the registering clinician joins the care team and can read it', async () => {
    const doctor = await actor(t, 'clinician');
    const input = newPatient({ assigningAuthority: 'GENHOSP' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: doctor.headers,
      payload: input,
    });
    expect(created.statusCode).toBe(201);
    const patient = created.json();
    expect(patient).toMatchObject({
      mrn: input.mrn,
      name: input.name,
      birthDate: input.birthDate,
      assigningAuthority: 'GENHOSP',
    });
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}`,
      headers: doctor.headers,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().name.family).toBe(input.name.family);
    const events = await auditTypes(t, patient.id);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['careteam.add', 'patient.create', 'patient.read']),
    );
    expect(events.find((e) => e.type === 'patient.read')).toMatchObject({
      purposeOfUse: 'treatment',
      actorUserId: doctor.user.id,
    });
  });

  it('answers 404 — exactly like a missing patient — to everyone outside the care team', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const outsider = await actor(t, 'clinician');
    const nurse = await actor(t, 'nurse');
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}`,
      headers: outsider.headers,
    });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/patients/00000000-0000-4000-8000-000000000000',
      headers: outsider.headers,
    });
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/api/patients/not-a-uuid',
      headers: outsider.headers,
    });
    for (const response of [hidden, missing, garbage]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toBe('patient not found');
    }
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: nurse.headers }))
        .statusCode,
    ).toBe(404);
    const denied = (await auditTypes(t, patient.id)).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => [e.type, e.actorUserId])).toEqual([
      ['patient.access', outsider.user.id],
      ['patient.access', nurse.user.id],
    ]);
  });

  it('refuses non-clinical roles and anonymous callers', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    for (const role of ['compliance', 'admin', 'integration'] as const) {
      const other = await actor(t, role);
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patient.id}`,
        headers: other.headers,
      });
      expect(response.statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}` })).statusCode).toBe(401);
  });

  it('rejects a duplicate MRN for the same assigning authority (409), allows it for another', async () => {
    const doctor = await actor(t, 'clinician');
    const input = newPatient({ assigningAuthority: 'A' });
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/patients', headers: doctor.headers, payload });
    expect((await post(input)).statusCode).toBe(201);
    const clash = await post({ ...input, mrn: ` ${input.mrn.toLowerCase()} ` });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toMatch(/^mrn:/);
    expect(clash.body).not.toContain(input.mrn);
    expect((await post({ ...input, assigningAuthority: 'B' })).statusCode).toBe(201);
  });

  it('validates the registration body, naming the field', async () => {
    const doctor = await actor(t, 'clinician');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: doctor.headers,
      payload: { ...newPatient(), birthDate: 'yesterday', role: 'admin' },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().message)).toMatch(/birthDate/);
    expect(JSON.stringify(bad.json().message)).toMatch(/role/);
  });

  it('finds by exact MRN (blind index) and by name, only among patients the caller may see; audits every search', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor, { name: { family: 'Oyelaran-Brisk', given: ['Émilie'] } });
    const outsider = await actor(t, 'clinician');
    const search = (headers: Record<string, string>, query: string) =>
      t.app.inject({ method: 'GET', url: `/api/patients?${query}`, headers });
    const byMrn = await search(doctor.headers, `mrn=${encodeURIComponent(patient.mrn.toLowerCase())}`);
    expect(byMrn.json().map((p: { id: string }) => p.id)).toEqual([patient.id]);
    expect(
      (await search(doctor.headers, 'q=emilie%20oyelaran')).json().map((p: { id: string }) => p.id),
    ).toEqual([patient.id]);
    expect((await search(outsider.headers, `mrn=${patient.mrn}`)).json()).toEqual([]);
    expect((await search(outsider.headers, 'q=oyelaran')).json()).toEqual([]);
    // No query: the caller's own patients ("my patients"), never anyone else's.
    const mine = await search(doctor.headers, '');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().map((p: { id: string }) => p.id)).toContain(patient.id);
    expect((await search(outsider.headers, '')).json().map((p: { id: string }) => p.id)).not.toContain(
      patient.id,
    );
    const searches = (await auditTypes(t)).filter(
      (e) => e.type === 'patient.search' && e.actorUserId === outsider.user.id,
    );
    expect(searches).toHaveLength(3);
    expect(searches.every((e) => e.entityIds.length === 0)).toBe(true);
  });
});
