import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Mass assignment: fields a caller must never set (ownership, status, role, ids, provenance) are
 * refused by the global validation (whitelist + forbidNonWhitelisted) on every write route, and
 * nothing is written.
 */
describe('mass assignment', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let admin: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let entryId: string;

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    admin = await actor(t, 'admin');
    patientId = (await patientOf(t, doctor)).id;
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: doctor.headers,
      payload: { kind: 'note', occurredAt: '2026-11-01T10:00:00Z', body: { text: 'Seen in clinic.' } },
    });
    entryId = created.json().id;
  });
  afterAll(() => t.close());

  const patient = {
    mrn: 'MA-1',
    name: { family: 'Test', given: ['Mass'] },
    birthDate: '1970-01-01',
    sex: 'female',
  };
  const cases: {
    name: string;
    method: 'POST' | 'PUT';
    url: () => string;
    who: () => Record<string, string>;
    payload: () => object;
  }[] = [
    {
      name: 'patient registration with an id and erasure date',
      method: 'POST',
      url: () => '/api/patients',
      who: () => doctor.headers,
      payload: () => ({ ...patient, id: '00000000-0000-0000-0000-000000000001', erasedAt: null }),
    },
    {
      name: 'entry with another patientId',
      method: 'POST',
      url: () => `/api/patients/${patientId}/entries`,
      who: () => doctor.headers,
      payload: () => ({
        kind: 'note',
        occurredAt: '2026-11-02T10:00:00Z',
        body: { text: 'x' },
        patientId: '00000000-0000-0000-0000-000000000002',
      }),
    },
    {
      name: 'entry with forged provenance',
      method: 'POST',
      url: () => `/api/patients/${patientId}/entries`,
      who: () => doctor.headers,
      payload: () => ({
        kind: 'note',
        occurredAt: '2026-11-02T10:00:00Z',
        body: { text: 'x' },
        recordedById: admin.user.id,
        sourceMessageId: 'forged',
      }),
    },
    {
      name: 'amendment with a version number',
      method: 'PUT',
      url: () => `/api/entries/${entryId}`,
      who: () => doctor.headers,
      payload: () => ({
        body: { text: 'Amended.' },
        version: 99,
        patientId: '00000000-0000-0000-0000-000000000002',
      }),
    },
    {
      name: 'break-glass with its own expiry',
      method: 'POST',
      url: () => `/api/patients/${patientId}/break-glass`,
      who: () => doctor.headers,
      payload: () => ({
        reason: 'Unconscious in the emergency department',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    },
    {
      name: 'user creation with a status and token version',
      method: 'POST',
      url: () => '/api/users',
      who: () => admin.headers,
      payload: () => ({ email: 'new.user@hospital.test', role: 'nurse', status: 'active', tokenVersion: 0 }),
    },
    {
      name: 'login naming a role',
      method: 'POST',
      url: () => '/api/auth/login',
      who: () => ({}),
      payload: () => ({ email: 'x@hospital.test', password: 'whatever-long-pass', role: 'admin' }),
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))(
    'refuses %s with 400 naming the field',
    async (_name, c) => {
      const response = await t.app.inject({
        method: c.method,
        url: c.url(),
        headers: c.who(),
        payload: c.payload(),
      });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().message)).toMatch(/should not exist/);
    },
  );

  it('wrote nothing while refusing', async () => {
    expect(await t.prisma.patient.count()).toBe(1);
    expect(await t.prisma.entryVersion.count()).toBe(1);
    expect(await t.prisma.user.count({ where: { email: 'new.user@hospital.test' } })).toBe(0);
  });
});
