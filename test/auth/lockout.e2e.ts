import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { GOOD_PASSWORD, login, userWithPassword } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('login throttling (stored in PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '6',
        LOGIN_LOCKOUT_SECONDS: '120',
      })),
  );
  afterAll(() => t.close());

  it('locks an account after repeated failures, even against the right password', async () => {
    const user = await userWithPassword(t, 'clinician');
    for (let i = 0; i < 3; i++)
      expect(
        (await login(t, { email: user.email, password: `wrong-guess-${i}-xx` }, `10.1.0.${i}`)).statusCode,
      ).toBe(401);
    const locked = await login(t, { email: user.email, password: user.password }, '10.1.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'too_many_attempts' });
    const row = await t.prisma.loginThrottle.findFirst({
      where: { key: { startsWith: 'account:' }, failures: 3 },
    });
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('locks unknown emails the same way, so lockout reveals nothing about existence', async () => {
    const email = 'ghost-user@hospital.test';
    const answers: number[] = [];
    for (let i = 0; i < 4; i++)
      answers.push((await login(t, { email, password: GOOD_PASSWORD }, `10.2.0.${i}`)).statusCode);
    expect(answers).toEqual([401, 401, 401, 429]);
  });

  it('backs off: each failure past the limit doubles the lock', async () => {
    const user = await userWithPassword(t, 'nurse');
    const key = t.app.get(LoginThrottle).keys(user.email, 'any').account;
    for (let i = 0; i < 3; i++)
      await login(t, { email: user.email, password: `wrong-guess-${i}-xx` }, `10.3.0.${i}`);
    const first = await t.prisma.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(first.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    // Let the lock expire, fail once more: the next lock is twice as long.
    await t.prisma.loginThrottle.update({
      where: { key },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    await login(t, { email: user.email, password: 'another-wrong-one' }, '10.3.0.9');
    const second = await t.prisma.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(second.failures).toBe(4);
    expect(second.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(200_000);
  });

  it('limits one address guessing across many accounts', async () => {
    const users = await Promise.all(Array.from({ length: 7 }, () => userWithPassword(t, 'nurse')));
    const statuses: number[] = [];
    for (const user of users.slice(0, 6))
      statuses.push(
        (await login(t, { email: user.email, password: 'wrong-password-x' }, '10.4.0.1')).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const blocked = await login(t, { email: users[6]!.email, password: users[6]!.password }, '10.4.0.1');
    expect(blocked.statusCode).toBe(429);
    // The same account from another address is fine: the address, not the account, is throttled.
    expect(
      (await login(t, { email: users[6]!.email, password: users[6]!.password }, '10.4.0.2')).statusCode,
    ).toBe(200);
  });

  it('a successful login clears the account counter', async () => {
    const user = await userWithPassword(t, 'clinician');
    for (let i = 0; i < 2; i++)
      await login(t, { email: user.email, password: `wrong-guess-${i}-xx` }, `10.5.0.${i}`);
    expect((await login(t, { email: user.email, password: user.password }, '10.5.0.5')).statusCode).toBe(200);
    for (let i = 0; i < 2; i++)
      await login(t, { email: user.email, password: `wrong-guess-${i}-yy` }, `10.5.1.${i}`);
    expect((await login(t, { email: user.email, password: user.password }, '10.5.0.6')).statusCode).toBe(200);
  });

  it('audits a throttled attempt as denied', async () => {
    const count = await t.prisma.auditEvent.count({
      where: { type: 'auth.login.throttled', outcome: 'denied' },
    });
    expect(count).toBeGreaterThan(0);
  });
});
