import { authHeader, login, refreshCookieOf, userWithPassword } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bearerFor } from '../support/auth.js';

describe('sessions: refresh rotation, reuse, and ending sessions at once', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const signIn = async (role: 'clinician' | 'nurse' = 'clinician') => {
    const user = await userWithPassword(t, role);
    const response = await login(t, { email: user.email, password: user.password }, `10.9.0.${++address}`);
    expect(response.statusCode).toBe(200);
    return { user, accessToken: response.json().accessToken as string, refresh: refreshCookieOf(response)! };
  };
  const refresh = (token: string | undefined) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      ...(token ? { cookies: { anamnesis_refresh: token } } : {}),
    });
  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(token) });

  it('rotates the refresh token on every use', async () => {
    const session = await signIn();
    const first = await refresh(session.refresh);
    expect(first.statusCode).toBe(200);
    const next = refreshCookieOf(first)!;
    expect(next).toBeDefined();
    expect(next).not.toBe(session.refresh);
    expect((await me(first.json().accessToken)).statusCode).toBe(200);
    expect((await refresh(next)).statusCode).toBe(200);
  });

  it('a reused refresh token revokes the whole family, including live access tokens', async () => {
    const session = await signIn();
    const rotated = await refresh(session.refresh);
    const newest = refreshCookieOf(rotated)!;
    const replay = await refresh(session.refresh);
    expect(replay.statusCode).toBe(401);
    expect((await refresh(newest)).statusCode).toBe(401);
    expect((await me(rotated.json().accessToken)).statusCode).toBe(401);
    expect((await me(session.accessToken)).statusCode).toBe(401);
    const events = await t.prisma.auditEvent.count({
      where: { type: 'auth.refresh.reuse', actorUserId: session.user.id },
    });
    expect(events).toBe(1);
  });

  it('refuses a missing or unknown refresh token', async () => {
    expect((await refresh(undefined)).statusCode).toBe(401);
    expect((await refresh('x'.repeat(43))).statusCode).toBe(401);
  });

  it('logout ends the session at once: the access token and the refresh token stop working', async () => {
    const session = await signIn();
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: authHeader(session.accessToken),
      cookies: { anamnesis_refresh: session.refresh },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(session.accessToken)).statusCode).toBe(401);
    expect((await refresh(session.refresh)).statusCode).toBe(401);
  });

  it('a password change ends every session of the user', async () => {
    const a = await signIn();
    const b = await login(t, { email: a.user.email, password: a.user.password }, '10.9.1.1');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: authHeader(a.accessToken),
      payload: { currentPassword: a.user.password, newPassword: 'violet-harbour-lantern-93' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(a.accessToken)).statusCode).toBe(401);
    expect((await me(b.json().accessToken)).statusCode).toBe(401);
    expect((await refresh(refreshCookieOf(b))).statusCode).toBe(401);
    const again = await login(t, { email: a.user.email, password: 'violet-harbour-lantern-93' }, '10.9.1.2');
    expect(again.statusCode).toBe(200);
  });

  it('a wrong current password does not change it', async () => {
    const a = await signIn();
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: authHeader(a.accessToken),
      payload: { currentPassword: 'not-my-password-at-all', newPassword: 'violet-harbour-lantern-93' },
    });
    expect(changed.statusCode).toBe(401);
    expect((await me(a.accessToken)).statusCode).toBe(200);
  });

  it.each([
    ['disable', (id: string) => ({ method: 'POST' as const, url: `/api/users/${id}/disable` })],
    [
      'role change',
      (id: string) => ({ method: 'PUT' as const, url: `/api/users/${id}/role`, payload: { role: 'nurse' } }),
    ],
  ])("%s by an admin ends the user's sessions at once", async (_, request) => {
    const victim = await signIn();
    const admin = await t.prisma.user.create({
      data: { email: `admin-${address}@hospital.test`, role: 'admin' },
    });
    const response = await t.app.inject({
      ...request(victim.user.id),
      headers: authHeader(await bearerFor(t, admin)),
    });
    expect(response.statusCode).toBe(200);
    expect((await me(victim.accessToken)).statusCode).toBe(401);
    expect((await refresh(victim.refresh)).statusCode).toBe(401);
  });

  it('an idle session expires (idle timeout), and so does one past its absolute lifetime', async () => {
    const idle = await signIn();
    await t.prisma.authSession.updateMany({
      where: { userId: idle.user.id },
      data: { lastSeenAt: new Date(Date.now() - 16 * 60_000) },
    });
    expect((await me(idle.accessToken)).statusCode).toBe(401);
    expect((await refresh(idle.refresh)).statusCode).toBe(401);
    const old = await signIn();
    await t.prisma.authSession.updateMany({
      where: { userId: old.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await me(old.accessToken)).statusCode).toBe(401);
    expect((await refresh(old.refresh)).statusCode).toBe(401);
  });
});
