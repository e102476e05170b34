import { authHeader, login, userWithPassword, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('user administration (user:manage)', () => {
  let t: TestApp;
  let admin: { user: { id: string }; token: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await userWithToken(t, 'admin');
  });
  afterAll(() => t.close());

  const asAdmin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: authHeader(admin.token), ...(payload ? { payload } : {}) });

  it('creates a user without a password (email normalised, audited with the admin as actor); the user enrols', async () => {
    const created = await asAdmin('POST', '/api/users', { email: 'New.Nurse@Hospital.TEST', role: 'nurse' });
    expect(created.statusCode).toBe(201);
    const { enrolment, ...user } = created.json();
    expect(user).toMatchObject({ email: 'new.nurse@hospital.test', role: 'nurse' });
    expect(enrolment.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(enrolment.path).toBe(`/enrol#code=${enrolment.code}`);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.createdById).toBe(admin.user.id);
    expect(row.passwordHash).toBeNull();
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { type: 'user.create', entityIds: { has: row.id } },
    });
    expect(event.actorUserId).toBe(admin.user.id);
    const enrol = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code: enrolment.code, password } });
    expect((await enrol('password1234')).statusCode).toBe(400); // the password policy applies
    expect((await enrol('copper-meadow-whistle-81')).statusCode).toBe(204);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
    );
    expect(
      (await login(t, { email: 'new.nurse@hospital.test', password: 'copper-meadow-whistle-81' })).statusCode,
    ).toBe(200);
  });

  it('refuses duplicates (case-insensitive), a password, unknown roles and extra fields', async () => {
    await asAdmin('POST', '/api/users', { email: 'dup@hospital.test', role: 'nurse' });
    expect(
      (await asAdmin('POST', '/api/users', { email: 'DUP@hospital.test', role: 'nurse' })).statusCode,
    ).toBe(409);
    const withPassword = await asAdmin('POST', '/api/users', {
      email: 'w@hospital.test',
      role: 'nurse',
      password: 'copper-meadow-whistle-81',
    });
    expect(withPassword.statusCode).toBe(400);
    expect(
      (await asAdmin('POST', '/api/users', { email: 'r@hospital.test', role: 'superuser' })).statusCode,
    ).toBe(400);
    const extra = await asAdmin('POST', '/api/users', {
      email: 's@hospital.test',
      role: 'nurse',
      status: 'active',
    });
    expect(extra.statusCode).toBe(400);
  });

  it('lists users without secrets', async () => {
    const response = await asAdmin('GET', '/api/users');
    expect(response.statusCode).toBe(200);
    const text = response.body;
    expect(text).not.toMatch(/argon2|passwordHash|mfaSecret/);
    expect(response.json()[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        status: expect.any(String),
        mfaEnabled: expect.any(Boolean),
      }),
    );
  });

  it('disables and re-enables; a disabled user cannot sign in', async () => {
    const user = await userWithPassword(t, 'clinician');
    expect((await asAdmin('POST', `/api/users/${user.id}/disable`)).json().status).toBe('disabled');
    expect((await login(t, { email: user.email, password: user.password }, '10.8.0.1')).statusCode).toBe(401);
    expect((await asAdmin('POST', `/api/users/${user.id}/enable`)).json().status).toBe('active');
    expect((await login(t, { email: user.email, password: user.password }, '10.8.0.2')).statusCode).toBe(200);
  });

  it('changes a role; the new role applies at the next sign-in', async () => {
    const user = await userWithPassword(t, 'clinician');
    const response = await asAdmin('PUT', `/api/users/${user.id}/role`, { role: 'nurse' });
    expect(response.statusCode).toBe(200);
    expect(response.json().role).toBe('nurse');
    const token = (await login(t, { email: user.email, password: user.password }, '10.8.0.3')).json()
      .accessToken;
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(token) });
    expect(me.json().role).toBe('nurse');
  });

  it('resets MFA: secret and recovery codes removed, sessions ended', async () => {
    const user = await userWithPassword(t, 'clinician');
    await t.prisma.user.update({
      where: { id: user.id },
      data: { mfaSecret: 'v1.x.y.z', mfaEnabledAt: new Date() },
    });
    await t.prisma.mfaRecoveryCode.create({ data: { userId: user.id, codeHash: `h-${user.id}` } });
    const response = await asAdmin('POST', `/api/users/${user.id}/reset-mfa`);
    expect(response.statusCode).toBe(200);
    expect(response.json().mfaEnabled).toBe(false);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ mfaSecret: null, mfaEnabledAt: null, tokenVersion: 1 });
    expect(await t.prisma.mfaRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it('audits each change of a user with its action on the User, the admin as actor', async () => {
    const created = await asAdmin('POST', '/api/users', { email: 'audited@hospital.test', role: 'nurse' });
    const id: string = created.json().id;
    expect((await asAdmin('POST', `/api/users/${id}/enrolment`)).statusCode).toBe(201);
    await asAdmin('POST', `/api/users/${id}/disable`);
    await asAdmin('POST', `/api/users/${id}/enable`);
    await asAdmin('PUT', `/api/users/${id}/role`, { role: 'clinician' });
    await asAdmin('POST', `/api/users/${id}/reset-mfa`);
    const events = await t.prisma.auditEvent.findMany({
      where: { type: { startsWith: 'user.' }, entityIds: { has: id } },
      orderBy: { seq: 'asc' },
    });
    expect(
      events.map((e) => [e.type, e.action, e.outcome, e.entityType, e.actorUserId === admin.user.id]),
    ).toEqual([
      ['user.create', 'C', 'success', 'User', true],
      ['user.enrolment', 'U', 'success', 'User', true],
      ['user.disable', 'U', 'success', 'User', true],
      ['user.enable', 'U', 'success', 'User', true],
      ['user.role.change', 'U', 'success', 'User', true],
      ['user.mfa.reset', 'U', 'success', 'User', true],
    ]);
  });

  it('an admin cannot disable or demote themselves; unknown ids are 404', async () => {
    expect((await asAdmin('POST', `/api/users/${admin.user.id}/disable`)).statusCode).toBe(409);
    expect((await asAdmin('PUT', `/api/users/${admin.user.id}/role`, { role: 'nurse' })).statusCode).toBe(
      409,
    );
    expect(
      (await asAdmin('POST', '/api/users/7b0c5a8e-1111-4a4a-9a9a-000000000000/disable')).statusCode,
    ).toBe(404);
    expect((await asAdmin('POST', '/api/users/not-a-uuid/disable')).statusCode).toBe(400);
  });
});
