import { performance } from 'node:perf_hooks';
import { userWithToken } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * Every input has a bound (DESIGN.md invariant 11). Before: a deeply nested JSON
 * body answered 500 (stack overflow), a NUL byte 500 (PostgreSQL refuses it in text), and every
 * route, sign-in included, took 4 MiB bodies — parsed before any authentication.
 */
describe('attack: oversized, deeply nested and NUL-carrying input', () => {
  let t: ListeningApp;
  let token: string;
  beforeAll(async () => {
    t = await listeningApp();
    token = (await userWithToken(t, 'clinician')).token;
  });
  afterAll(() => t.close());

  const auditRows = () => t.prisma.auditEvent.count();

  it('refuses a body over 16 KiB on /api/auth/* with 413, before reading or checking it', async () => {
    const big = { email: 'a@b.test', password: 'x'.repeat(20 * 1024) };
    const before = await t.prisma.loginThrottle.count();
    const answer = await t.call('POST', '/api/auth/login', { body: big });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ statusCode: 413 });
    expect(await t.prisma.loginThrottle.count()).toBe(before);
  });

  it('refuses a 4 MiB JSON body where none is needed; four at once leave health answering', async () => {
    const fourMiB = JSON.stringify({ text: 'x'.repeat(4 * 1024 * 1024 - 64) });
    const rows = await auditRows();
    let slowest = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = performance.now();
        expect((await t.call('GET', '/api/health')).status).toBeLessThan(600);
        slowest = Math.max(slowest, performance.now() - started);
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.call('POST', '/api/patients', { raw: fourMiB, headers: { 'content-type': 'application/json' } }),
      ),
    );
    polling = false;
    await poll;
    process.stdout.write(
      `four 4 MiB bodies: statuses ${answers.map((a) => a.status).join(',')}, slowest health ${slowest.toFixed(0)} ms\n`,
    );
    for (const answer of answers) expect(answer.status).toBe(413);
    // Refused before authentication: the unauthenticated 401 is not even reached (nothing audited).
    expect(await auditRows()).toBe(rows);
  });

  it('answers a deeply nested JSON body with 400, not a 500 stack overflow', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const answer = await t.call('POST', '/api/patients', {
      raw: `{"mrn":${deep}}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    process.stdout.write(`deeply nested body: ${answer.status}\n`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'json_too_deep' });
    const modest = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
    const second = await t.call('POST', '/api/auth/login', {
      raw: modest,
      headers: { 'content-type': 'application/json' },
    });
    expect(second.status).toBe(400);
  });

  it('answers a NUL byte anywhere in the input with 400 and writes nothing', async () => {
    const patients = await t.prisma.patient.count();
    const headers = { authorization: `Bearer ${token}` };
    const attempts = [
      t.call('POST', '/api/patients', {
        body: {
          mrn: 'MRN\u0000001',
          name: { family: 'Nul', given: ['A'] },
          birthDate: '1970-01-01',
          sex: 'female',
        },
        headers,
      }),
      t.call('POST', '/api/auth/login', {
        body: { email: 'a\u0000@b.test', password: 'whatever-long-enough' },
      }),
      t.call('POST', '/api/auth/login', {
        body: { 'e\u0000mail': 'a@b.test', password: 'whatever-long-enough' },
      }),
      t.call('GET', '/api/patients?q=Sm%00ith', { headers }),
      t.call('GET', '/api/patients?mrn=%00', { headers }),
      t.call('GET', '/api/patients/abc%00def', { headers }),
    ];
    const statuses = (await Promise.all(attempts)).map((a) => a.status);
    process.stdout.write(`NUL byte: statuses ${statuses.join(',')}\n`);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    expect(await t.prisma.patient.count()).toBe(patients);
  });
});
