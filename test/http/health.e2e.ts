import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reports the database up and no pending migrations', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      components: { database: { status: 'up', migrations: { pending: [] } } },
    });
  });

  it('reports 503 when a migration is pending', async () => {
    // As the owner: the application role may only read the migration history.
    const owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    await owner.query(
      `DELETE FROM "_prisma_migrations" WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`,
    );
    await owner.end();
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json().components.database.migrations.pending).toHaveLength(1);
  });

  it('sends security headers and a correlation id', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(response.headers['x-request-id']).toBe('trace-12345678');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('errors', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers unknown routes with the JSON error shape and a correlation id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(response.statusCode).toBe(404);
    const body = response.json();
    expect(body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(body.correlationId).toBe(response.headers['x-request-id']);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects malformed JSON with 400 and no stack trace', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/health',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect([400, 404]).toContain(response.statusCode);
    expect(response.body).not.toContain('node_modules');
  });
});
