import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('test support: bearer tokens', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('a token from userWithToken authenticates as that user', async () => {
    const { user, token } = await userWithToken(t, 'nurse');
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: authHeader(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: user.id, role: 'nurse' });
  });

  it('without a token the same route answers 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
  });
});
