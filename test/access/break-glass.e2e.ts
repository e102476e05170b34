import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, patientOf } from '../records/records-fixtures.js';

describe('care teams and break-the-glass', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ BREAK_GLASS_MINUTES: '30' })));
  afterAll(() => t.close());

  it('grants a time-boxed emergency access with a reason, audited as an emergency', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const er = await actor(t, 'clinician');
    const url = `/api/patients/${patient.id}/break-glass`;
    const read = () =>
      t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: er.headers });
    expect((await read()).statusCode).toBe(404);
    const short = await t.app.inject({
      method: 'POST',
      url,
      headers: er.headers,
      payload: { reason: 'urgent' },
    });
    expect(short.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url, headers: er.headers, payload: {} })).statusCode).toBe(
      400,
    );
    const granted = await t.app.inject({
      method: 'POST',
      url,
      headers: er.headers,
      payload: { reason: 'unconscious in the emergency department' },
    });
    expect(granted.statusCode).toBe(201);
    const minutes = (Date.parse(granted.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    expect((await read()).statusCode).toBe(200);
    const events = await auditTypes(t, patient.id);
    expect(events.find((e) => e.type === 'breakglass.start')).toMatchObject({
      purposeOfUse: 'emergency',
      actorUserId: er.user.id,
    });
    const start = await t.prisma.auditEvent.findFirstOrThrow({
      where: { type: 'breakglass.start', patientId: patient.id },
    });
    expect(start).toMatchObject({
      action: 'E',
      entityType: 'BreakGlassGrant',
      entityIds: [granted.json().grantId],
    });
    expect(events.filter((e) => e.type === 'patient.read').at(-1)).toMatchObject({
      purposeOfUse: 'emergency',
    });
    await t.prisma.breakGlassGrant.updateMany({
      where: { userId: er.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    // Ended in SQL, not through the app: the node's access cache hears it by notification.
    await eventually(async () => (await read()).statusCode, 404);
  });

  it('cannot be used on a missing patient, nor by roles without the permission', async () => {
    const er = await actor(t, 'nurse');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/patients/00000000-0000-4000-8000-000000000000/break-glass',
      headers: er.headers,
      payload: { reason: 'unconscious in the emergency department' },
    });
    expect(missing.statusCode).toBe(404);
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    for (const role of ['admin', 'compliance'] as const) {
      const other = await actor(t, role);
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/break-glass`,
        headers: other.headers,
        payload: { reason: 'I would like to see everything please' },
      });
      expect(response.statusCode).toBe(403);
    }
  });

  it('lets an admin manage the care team without reading clinical content', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const admin = await actor(t, 'admin');
    const nurse = await actor(t, 'nurse');
    const team = `/api/patients/${patient.id}/care-team`;
    const nurseRead = () =>
      t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: nurse.headers });
    expect((await nurseRead()).statusCode).toBe(404);
    const added = await t.app.inject({
      method: 'POST',
      url: team,
      headers: admin.headers,
      payload: { userId: nurse.user.id },
    });
    expect(added.statusCode).toBe(204);
    expect((await nurseRead()).statusCode).toBe(200);
    const members = (await t.app.inject({ method: 'GET', url: team, headers: admin.headers })).json();
    expect(members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [doctor.user.id, nurse.user.id].sort(),
    );
    expect(JSON.stringify(members)).not.toContain(patient.name.family);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(403);
    const notClinical = await t.app.inject({
      method: 'POST',
      url: team,
      headers: admin.headers,
      payload: { userId: admin.user.id },
    });
    expect(notClinical.statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `${team}/${nurse.user.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(204);
    expect((await nurseRead()).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: team, headers: doctor.headers })).statusCode).toBe(403);
  });

  it('honours a membership end date', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    await t.prisma.careTeamMember.updateMany({
      where: { patientId: patient.id },
      data: { endsAt: new Date(Date.now() - 1) },
    });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: doctor.headers }))
        .statusCode,
    ).toBe(404);
  });
});
