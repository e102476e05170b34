import { GOOD_PASSWORD, userWithToken } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * An administrator could set another user's password through the API (before:
 * `POST /api/users {email, role, password}` → 201 and the administrator could sign in as that user,
 * then add "them" to a care team). Now users created there get a one-time enrolment code (expiring,
 * single use, SHA-256 at rest) and set their own password; an administrator who adds to a care team a
 * user they created is flagged in the compliance review.
 */
describe('attack: an administrator choosing, or learning, another user’s password', () => {
  let t: ListeningApp;
  let admin: Awaited<ReturnType<typeof userWithToken>>;
  let officer: Awaited<ReturnType<typeof userWithToken>>;
  beforeAll(async () => {
    t = await listeningApp();
    admin = await userWithToken(t, 'admin');
    officer = await userWithToken(t, 'compliance');
  });
  afterAll(() => t.close());

  const asAdmin = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { body, headers: { authorization: `Bearer ${admin.token}` } });
  const enrol = (code: string, password: string) =>
    t.call('POST', '/api/auth/enrol', { body: { code, password } });

  it('refuses a password in user creation, writing no user', async () => {
    const users = await t.prisma.user.count();
    const answer = await asAdmin('POST', '/api/users', {
      email: 'victim@hospital.test',
      role: 'clinician',
      password: GOOD_PASSWORD,
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.message)).toContain('password');
    expect(await t.prisma.user.count()).toBe(users);
  });

  it('gives a one-time, expiring code, stored only as a hash, with which the user sets their own password', async () => {
    const created = await asAdmin('POST', '/api/users', {
      email: 'new.doctor@hospital.test',
      role: 'clinician',
    });
    expect(created.status).toBe(201);
    const { code, expiresAt } = created.body.enrolment as { code: string; expiresAt: string };
    const hoursLeft = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(71);
    expect(hoursLeft).toBeLessThanOrEqual(72);
    const stored = await t.prisma.userEnrolment.findFirstOrThrow({
      where: { userId: created.body.id as string },
    });
    expect(stored.codeHash).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(
      (await t.prisma.user.findUniqueOrThrow({ where: { id: created.body.id as string } })).passwordHash,
    ).toBeNull();

    expect((await enrol(code, GOOD_PASSWORD)).status).toBe(204);
    const second = await enrol(code, 'another-fine-password-77');
    expect(second.status).toBe(400);
    expect(second.body.code).toBe('enrolment_invalid');
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'new.doctor@hospital.test', password: GOOD_PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('refuses an expired, a superseded and an unknown code alike, changing nothing', async () => {
    const created = await asAdmin('POST', '/api/users', { email: 'late.nurse@hospital.test', role: 'nurse' });
    const userId = created.body.id as string;
    const first = (created.body.enrolment as { code: string }).code;
    const reissued = await asAdmin('POST', `/api/users/${userId}/enrolment`);
    expect(reissued.status).toBe(201);
    const second = (reissued.body.enrolment as { code: string }).code;
    await t.prisma.userEnrolment.updateMany({
      where: { userId, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const code of [first, second, 'A'.repeat(43)]) {
      const answer = await enrol(code, GOOD_PASSWORD);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('enrolment_invalid');
    }
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull();
  });

  it('flags an administrator adding a user they created to a care team', async () => {
    const doctor = await userWithToken(t, 'clinician');
    const patient = await t.call('POST', '/api/patients', {
      body: {
        mrn: `MRN-ADM-${Date.now()}`,
        name: { family: 'Flagtest', given: ['Cy'] },
        birthDate: '1977-07-07',
        sex: 'female',
      },
      headers: { authorization: `Bearer ${doctor.token}` },
    });
    const patientId = patient.body.id as string;
    const own = await asAdmin('POST', '/api/users', { email: 'puppet@hospital.test', role: 'clinician' });
    for (const userId of [own.body.id as string, doctor.user.id])
      expect((await asAdmin('POST', `/api/patients/${patientId}/care-team`, { userId })).status).toBe(204);
    const flagged = await t.call('GET', `/api/audit/events?flag=own-user-care-team&patient=${patientId}`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(flagged.status).toBe(200);
    const items = flagged.body.items as { type: string; entity: { ids: string[] }; flags: string[] }[];
    expect(items.map((e) => [e.type, e.entity.ids])).toEqual([['careteam.add', [own.body.id]]]);
    expect(items[0]!.flags).toContain('own-user-care-team');
  });
});
