import { generate, generateSecret } from 'otplib';
import { SecretBox } from '../../src/auth/secret-box.js';
import { userWithPassword } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * For an account with MFA, a wrong password and a right password without (or with
 * a wrong) code must give the same answer — otherwise the answer is a password oracle. Before: 401
 * `invalid_credentials` for the wrong password, 401 `mfa_required` for the right one.
 */
describe('attack: reading whether a guessed password was right from the MFA answer', () => {
  let t: ListeningApp;
  beforeAll(async () => (t = await listeningApp()));
  afterAll(() => t.close());

  async function mfaUser() {
    const user = await userWithPassword(t, 'clinician');
    const secret = generateSecret();
    await t.prisma.user.update({
      where: { id: user.id },
      data: {
        mfaSecret: await t.app.get(SecretBox).seal(secret, `mfa-secret:${user.id}`),
        mfaEnabledAt: new Date(),
      },
    });
    return { ...user, secret };
  }

  const strip = ({ correlationId: _, ...body }: Record<string, unknown>) => body;

  it('answers wrong password, missing code and wrong code identically, and opens no session', async () => {
    const user = await mfaUser();
    const login = (body: object) =>
      t.call('POST', '/api/auth/login', { body: { email: user.email, ...body } });
    const wrongPassword = await login({ password: 'not-the-password-at-all' });
    const noCode = await login({ password: user.password });
    const wrongCode = await login({ password: user.password, totp: '000000' });
    const wrongPasswordWithCode = await login({ password: 'not-the-password-at-all', totp: '123456' });
    const unknownEmail = await t.call('POST', '/api/auth/login', {
      body: { email: 'nobody-here@hospital.test', password: user.password },
    });
    for (const answer of [wrongPassword, noCode, wrongCode, wrongPasswordWithCode, unknownEmail]) {
      expect(answer.status).toBe(401);
      expect(strip(answer.body)).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'invalid_credentials',
        message: 'email, password or verification code is incorrect',
      });
    }
    expect(await t.prisma.authSession.count({ where: { userId: user.id } })).toBe(0);
    // The right password with the right code still signs in.
    const ok = await login({ password: user.password, totp: await generate({ secret: user.secret }) });
    expect(ok.status).toBe(200);
  });
});
