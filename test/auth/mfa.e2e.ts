import { generate } from 'otplib';
import { authHeader, login, refreshCookieOf, userWithPassword } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('TOTP multi-factor authentication', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const from = () => `10.7.0.${++address}`;
  const post = (url: string, token: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: authHeader(token), ...(payload ? { payload } : {}) });
  /** A TOTP code for `secret` at a time step after the last one used (codes are single-use). */
  const codeAt = (secret: string, stepsAhead = 0) =>
    generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

  /** Enrols and confirms MFA for a signed-in user; returns the secret and the recovery codes. */
  async function enrol(token: string) {
    const enrolment = await post('/api/auth/mfa/enrol', token);
    expect(enrolment.statusCode).toBe(201);
    const { otpauthUri, qrDataUrl, secret } = enrolment.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Anamnesis:.+\?.*secret=/);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirmed = await post('/api/auth/mfa/confirm', token, { code: await codeAt(secret) });
    expect(confirmed.statusCode).toBe(200);
    return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[] };
  }

  it('an admin without MFA gets an enrolment-only session: nothing else until MFA is set up', async () => {
    const admin = await userWithPassword(t, 'admin');
    const first = await login(t, { email: admin.email, password: admin.password }, from());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ mfaEnrolmentRequired: true });
    expect(refreshCookieOf(first)).toBeUndefined();
    const token = first.json().accessToken;
    const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: authHeader(token) });
    expect(users.statusCode).toBe(403);
    expect(users.json().code).toBe('mfa_enrolment_required');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(token) })).json(),
    ).toMatchObject({
      mfaRequired: true,
      mfaEnabled: false,
    });
    const { secret } = await enrol(token);
    const noCode = await login(t, { email: admin.email, password: admin.password }, from());
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('invalid_credentials');
    const withCode = await login(
      t,
      { email: admin.email, password: admin.password, totp: await codeAt(secret, 1) },
      from(),
    );
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().mfaEnrolmentRequired).toBeUndefined();
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: authHeader(withCode.json().accessToken),
    });
    expect(list.statusCode).toBe(200);
  });

  it('a TOTP code is accepted once; a wrong code is refused and counted as a failure', async () => {
    const user = await userWithPassword(t, 'clinician');
    const token = (await login(t, { email: user.email, password: user.password }, from())).json().accessToken;
    const { secret } = await enrol(token);
    const code = await codeAt(secret, 1);
    expect(
      (await login(t, { email: user.email, password: user.password, totp: code }, from())).statusCode,
    ).toBe(200);
    const replay = await login(t, { email: user.email, password: user.password, totp: code }, from());
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('invalid_credentials');
    const wrong = await login(t, { email: user.email, password: user.password, totp: '000000' }, from());
    expect(wrong.statusCode).toBe(401);
    expect(
      await t.prisma.auditEvent.count({
        where: { actorUserId: user.id, type: 'auth.login.mfa', outcome: 'failure' },
      }),
    ).toBe(2);
  });

  it('recovery codes are stored hashed and each works once', async () => {
    const user = await userWithPassword(t, 'nurse');
    const token = (await login(t, { email: user.email, password: user.password }, from())).json().accessToken;
    const { recoveryCodes } = await enrol(token);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await t.prisma.mfaRecoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code.replace(/-/g, ''));
    const body = { email: user.email, password: user.password, totp: recoveryCodes[0]!.toUpperCase() };
    expect((await login(t, body, from())).statusCode).toBe(200);
    expect((await login(t, body, from())).statusCode).toBe(401);
  });

  it('the TOTP secret is sealed at rest and enrolment cannot be repeated once confirmed', async () => {
    const user = await userWithPassword(t, 'clinician');
    const token = (await login(t, { email: user.email, password: user.password }, from())).json().accessToken;
    const { secret } = await enrol(token);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.mfaSecret).not.toContain(secret);
    expect((await post('/api/auth/mfa/enrol', token)).statusCode).toBe(409);
  });

  it('confirming with a wrong code leaves MFA off', async () => {
    const user = await userWithPassword(t, 'clinician');
    const token = (await login(t, { email: user.email, password: user.password }, from())).json().accessToken;
    await post('/api/auth/mfa/enrol', token);
    const response = await post('/api/auth/mfa/confirm', token, { code: '123456' });
    expect(response.statusCode).toBe(400);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.mfaEnabledAt).toBeNull();
  });
});
