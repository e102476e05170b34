import { jest } from '@jest/globals';
import { ARGON2_PARAMS, PasswordHasher } from '../../src/auth/password-hasher.js';
import { hash } from '@node-rs/argon2';
import { authHeader, GOOD_PASSWORD, login, refreshCookieOf, userWithPassword } from '../support/auth.js';
import { factories } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const withoutCorrelation = (body: Record<string, unknown>) => ({ ...body, correlationId: undefined });

describe('POST /api/auth/login', () => {
  let t: TestApp;
  let address = 0;
  // A fresh client address per test, so the per-address throttle never couples tests.
  const from = () => `10.0.0.${++address}`;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('signs in: an access token, and the refresh token in a strict, httpOnly, Secure cookie', async () => {
    const user = await userWithPassword(t, 'clinician');
    const response = await login(t, { email: user.email.toUpperCase(), password: user.password }, from());
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({ accessToken: expect.any(String), expiresIn: 600 });
    const cookie = response.cookies.find((c) => c.name === 'anamnesis_refresh')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: authHeader(body.accessToken),
    });
    expect(me.json()).toMatchObject({ id: user.id, role: 'clinician', mfaEnabled: false });
  });

  it('answers unknown email, wrong password, disabled account and password-less account identically', async () => {
    const known = await userWithPassword(t, 'nurse');
    const disabled = await userWithPassword(t, 'nurse');
    await t.prisma.user.update({ where: { id: disabled.id }, data: { status: 'disabled' } });
    const passwordless = await factories(t.prisma).user({ role: 'nurse' });
    const attempts = [
      { email: 'nobody-here@hospital.test', password: GOOD_PASSWORD },
      { email: known.email, password: 'not-the-right-password' },
      { email: disabled.email, password: disabled.password },
      { email: passwordless.email, password: GOOD_PASSWORD },
    ];
    const responses = await Promise.all(attempts.map((body) => login(t, body, from())));
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(refreshCookieOf(response)).toBeUndefined();
    }
    const bodies = responses.map((r) => JSON.stringify(withoutCorrelation(r.json())));
    expect(new Set(bodies).size).toBe(1);
    expect(responses[0]!.json()).toMatchObject({
      code: 'invalid_credentials',
      message: 'email, password or verification code is incorrect',
    });
  });

  it('refuses extra fields (no mass assignment of role or status)', async () => {
    const user = await userWithPassword(t, 'nurse');
    const response = await login(t, { email: user.email, password: user.password, role: 'admin' }, from());
    expect(response.statusCode).toBe(400);
  });

  it('rehashes a password stored with weaker argon2 parameters on successful login', async () => {
    const user = await userWithPassword(t, 'clinician');
    const weak = await hash(user.password, { ...ARGON2_PARAMS, timeCost: 1 });
    await t.prisma.user.update({ where: { id: user.id }, data: { passwordHash: weak } });
    expect((await login(t, { email: user.email, password: user.password }, from())).statusCode).toBe(200);
    const { passwordHash } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(weak);
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('audits successes and failures, never with the password', async () => {
    const user = await userWithPassword(t, 'clinician');
    await login(t, { email: user.email, password: 'wrong-password-here' }, from());
    await login(t, { email: user.email, password: user.password }, from());
    const events = await t.prisma.auditEvent.findMany({
      where: { actorUserId: user.id, type: 'auth.login' },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(JSON.stringify(events, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      user.password,
    );
  });

  it('refuses a new password that is common, and one too short', async () => {
    const user = await userWithPassword(t, 'clinician');
    const token = (await login(t, { email: user.email, password: user.password }, from())).json().accessToken;
    for (const newPassword of ['Password2024!', 'short']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: authHeader(token),
        payload: { currentPassword: user.password, newPassword },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('weak_password');
    }
  });

  it('costs one argon2 verify whether the email exists or not (timing parity by construction)', async () => {
    const limiter = t.app.get(PasswordHasher).limiter;
    const runs = jest.spyOn(limiter, 'run');
    const known = await userWithPassword(t, 'nurse');
    runs.mockClear();
    await login(t, { email: known.email, password: 'not-the-right-password' }, from());
    const forWrongPassword = runs.mock.calls.length;
    runs.mockClear();
    await login(t, { email: 'no-such-person@hospital.test', password: 'not-the-right-password' }, from());
    const forUnknownEmail = runs.mock.calls.length;
    runs.mockRestore();
    expect(forWrongPassword).toBe(1);
    expect(forUnknownEmail).toBe(1);
  });
});
