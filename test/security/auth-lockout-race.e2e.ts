import { GOOD_PASSWORD, userWithPassword } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * 40 guesses sent at once against one account. The lockout reserves each attempt
 * in PostgreSQL before hashing, so at most LOGIN_MAX_FAILURES_PER_ACCOUNT passwords are checked
 * (before: 37 of 40 were checked and the right password, sent last, signed in).
 */
describe('attack: concurrent password guesses against one account', () => {
  let t: ListeningApp;
  beforeAll(async () => (t = await listeningApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' })));
  afterAll(() => t.close());

  it('checks at most the threshold, refuses the rest with 429 and opens no session', async () => {
    const user = await userWithPassword(t, 'clinician', GOOD_PASSWORD);
    const guesses = Array.from({ length: 39 }, (_, i) => `wrong-guess-number-${i}`);
    guesses.push(GOOD_PASSWORD);
    const answers = await Promise.all(
      guesses.map((password) => t.call('POST', '/api/auth/login', { body: { email: user.email, password } })),
    );
    const statuses = answers.map((a) => a.status);
    const checked = statuses.filter((s) => s === 401 || s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    const signedIn = statuses.filter((s) => s === 200).length;
    process.stdout.write(
      `40 concurrent guesses: ${checked} checked, ${refused} refused, ${signedIn} signed in\n`,
    );
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked + refused).toBe(40);
    expect(await t.prisma.authSession.count({ where: { userId: user.id } })).toBe(signedIn);
    const failures = await t.prisma.auditEvent.count({
      where: { type: 'auth.login', outcome: 'failure', actorUserId: user.id },
    });
    expect(failures).toBe(checked - signedIn);
    // The account is locked now: the right password is refused, and nothing is written for it.
    const after = await t.call('POST', '/api/auth/login', {
      body: { email: user.email, password: GOOD_PASSWORD },
    });
    expect(after.status).toBe(429);
    expect(await t.prisma.authSession.count({ where: { userId: user.id } })).toBe(signedIn);
  });
});
