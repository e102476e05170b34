import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every 400 from a route has one body, whichever validator refused the input. (Body-parser refusals
 * — malformed JSON, too deep, NUL — are answered by Fastify before the route: not yet this body.)
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
      'a DTO (class-validator)',
      () => post(entries(), { kind: 'note', occurredAt: 'soon', body: { text: 'x' } }),
    ],
    [
      'a zod schema (entry body)',
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
});
