import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every refused input has one body, whoever refused it: a route's schema, a pipe, or Fastify before
 * any route runs (malformed JSON, too deep, NUL, too large, a content type the route does not take).
 */
describe('invalid input: one error body', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let admin: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    admin = await actor(t, 'admin');
    patientId = (await patientOf(t, doctor)).id;
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string | object, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...doctor.headers, 'content-type': contentType },
      payload,
    });
  const entries = () => `/api/patients/${patientId}/entries`;

  it.each([
    [
      'a route schema (zod, through the standard-schema pipe)',
      () => post(entries(), { kind: 'note', occurredAt: 'soon', body: { text: 'x' } }),
    ],
    [
      "the entry kind's body schema",
      () => post(entries(), { kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: {} }),
    ],
    [
      'a pipe (ParseUUIDPipe)',
      () => t.app.inject({ method: 'POST', url: '/api/users/not-a-uuid/disable', headers: admin.headers }),
    ],
  ])('from %s', async (_source, send) => {
    const response = await send();
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual([
      'code',
      'correlationId',
      'details',
      'error',
      'message',
      'statusCode',
    ]);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(body.details.length).toBeGreaterThan(0);
    expect(body.details.every((line: unknown) => typeof line === 'string' && !line.includes('\n'))).toBe(
      true,
    );
    expect(body.message).toBe(body.details.join('; '));
  });

  it('lists every problem, not only the first', async () => {
    const response = await post(entries(), { kind: 'problem', occurredAt: '2026-01-01T00:00:00Z', body: {} });
    const { details } = response.json() as { details: string[] };
    expect(details.join('\n')).toMatch(/body\.codeSystem/);
    expect(details.join('\n')).toMatch(/body\.display/);
  });

  const KEYS = ['code', 'correlationId', 'details', 'error', 'message', 'statusCode'];

  it('names each field, an unknown one too, and never echoes the value', async () => {
    const response = await post('/api/patients', {
      mrn: 'MRN-77',
      name: { family: '', given: [] },
      birthDate: 'Ada-was-born-on-SECRET',
      sex: 'female',
      colour: 'red',
    });
    expect(response.statusCode).toBe(400);
    const { details } = response.json() as { details: string[] };
    expect(details.map((line) => line.split(':')[0]).sort()).toEqual(['birthDate', 'colour', 'name.family']);
    expect(details).toContain('colour: should not exist');
    expect(response.body).not.toContain('SECRET');
  });

  it.each([
    [
      'malformed JSON',
      '{"mrn": "MRN-1", SECRET',
      'application/json',
      400,
      'invalid_json',
      'body: not valid JSON',
    ],
    ['an empty JSON body', '', 'application/json', 400, 'invalid_json', /^body: empty/],
    [
      'JSON nested too deep',
      '{"a":'.repeat(40) + '1' + '}'.repeat(40),
      'application/json',
      400,
      'json_too_deep',
      /^body: /,
    ],
    ['a NUL character', '{"mrn":"MRN\\u0000SECRET"}', 'application/json', 400, 'nul_character', /^body: /],
    [
      'a body over the limit',
      JSON.stringify({ text: 'x'.repeat(1024 * 1024) }),
      'application/json',
      413,
      'body_too_large',
      /^body: larger than the 1048576 bytes/,
    ],
    [
      'a content type the route does not take',
      '<patient/>',
      'application/xml',
      415,
      'unsupported_media_type',
      /^content-type: /,
    ],
  ])('before any route: %s', async (_what, payload, contentType, status, code, detail) => {
    const response = await post('/api/patients', payload, contentType);
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(KEYS);
    expect(body.code).toBe(code);
    expect(body.details).toHaveLength(1);
    expect(body.details[0]).toMatch(detail);
    expect(body.message).toBe(body.details.join('; '));
    expect(response.body).not.toContain('SECRET');
  });

  it('other errors carry a code too', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/patients/00000000-0000-4000-8000-000000000000',
      headers: doctor.headers,
    });
    expect(missing.statusCode).toBe(404);
    const unauthenticated = await t.app.inject({ method: 'GET', url: '/api/patients' });
    expect(unauthenticated.statusCode).toBe(401);
    for (const response of [missing, unauthenticated]) {
      expect(response.json()).toMatchObject({
        code: expect.stringMatching(/^[a-z_]+$/),
        correlationId: expect.any(String),
      });
    }
  });
});
