import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { getRollbackPlans } from 'pg-boss';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { appConnection } from '../../src/database/app-role.js';
import { JOBS_SCHEMA_VERSION } from '../../src/database/jobs-schema.js';
import { prepareDatabase } from '../../src/database/open-database.js';
import { MIGRATIONS_DIR } from '../../src/database/paths.js';
import { unpreparedDatabase } from '../../src/database/unprepared-database.js';
import { adt, integrationHeaders, postHl7, waitFor } from '../ingest/ingest-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const V10_SCHEMA = readFileSync(join(import.meta.dirname, '../fixtures/pgboss/pgboss-10-schema.sql'), 'utf8');

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const appRole = (db: TestDatabase) => decodeURIComponent(new URL(db.appUrl).username);

/** What the previous release left: pg-boss 10's schema, made and owned by the application role. */
async function installPgBoss10(db: TestDatabase): Promise<void> {
  await withClient(db.url, async (owner) => {
    await owner.query('DROP SCHEMA pgboss CASCADE');
    await owner.query(`GRANT CREATE ON DATABASE "${db.name}" TO "${appRole(db)}"`);
  });
  await withClient(db.appUrl, async (app) => {
    await app.query(V10_SCHEMA);
    await app.query(
      `SELECT pgboss.create_queue('ingest-map', '{"policy":"standard","expireInSeconds":300}')`,
    );
    await app.query(`SELECT pgboss.create_queue('embeddings-refresh', '{"policy":"short"}')`);
  });
  await withClient(db.url, (owner) =>
    owner.query(`REVOKE CREATE ON DATABASE "${db.name}" FROM "${appRole(db)}"`),
  );
}

describe('db:migrate moves a pg-boss 10 database to a fresh pg-boss 12 schema', () => {
  let receiver: TestApp;
  let db: TestDatabase;
  let messageId: string;
  let jobId: string;
  const others = { active: randomUUID(), retry: randomUUID(), completed: randomUUID(), sweep: randomUUID() };

  beforeAll(async () => {
    // A message received and acknowledged (stored, queued) by a node that does not map.
    receiver = await createTestApp({ INGEST_MAP_WORKERS: '0' });
    db = receiver.database;
    const response = (await postHl7(receiver, adt('UPGRADE-1'), await integrationHeaders(receiver))).json();
    expect(response.acks[0].code).toBe('AA');
    const stored = await receiver.prisma.ingestMessage.findFirstOrThrow({
      where: { controlId: 'UPGRADE-1' },
    });
    expect(stored.status).toBe('queued');
    messageId = stored.id;
    jobId = stored.jobId!;
    await receiver.app.close();

    // As if that node had run the previous release: its job sits in pg-boss 10's schema.
    await installPgBoss10(db);
    await withClient(db.appUrl, async (app) => {
      const insert = `INSERT INTO pgboss.job (id, name, data, state, retry_limit, retry_count, retry_backoff, expire_in, policy, started_on)
                      VALUES ($1, $2, $3, $4, 3, $5, true, interval '300 seconds', $6, $7)`;
      await app.query(insert, [jobId, 'ingest-map', { messageId }, 'created', 0, 'standard', null]);
      await app.query(insert, [
        others.active,
        'ingest-map',
        { messageId: randomUUID() },
        'active',
        0,
        'standard',
        new Date(),
      ]);
      await app.query(insert, [
        others.retry,
        'ingest-map',
        { messageId: randomUUID() },
        'retry',
        1,
        'standard',
        null,
      ]);
      await app.query(insert, [
        others.completed,
        'ingest-map',
        { messageId: randomUUID() },
        'completed',
        0,
        'standard',
        new Date(),
      ]);
      await app.query(insert, [others.sweep, 'embeddings-refresh', {}, 'created', 0, 'short', null]);
    });

    await prepareDatabase(db.url, appConnection(db.appUrl), MIGRATIONS_DIR);
  });
  afterAll(() => db.drop());

  it('installs the current version as the owner and drops the old schema', async () => {
    const schema = await withClient(db.url, (owner) =>
      owner.query<{ version: number; owner: string; legacy: boolean }>(
        `SELECT (SELECT max(version)::int FROM pgboss.version) AS version,
                (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'pgboss') AS owner,
                EXISTS (SELECT 1 FROM pg_namespace WHERE nspname LIKE 'pgboss\\_v%') AS legacy`,
      ),
    );
    expect(schema.rows[0]).toEqual({
      version: JOBS_SCHEMA_VERSION,
      owner: expect.any(String),
      legacy: false,
    });
    expect(schema.rows[0]!.owner).not.toBe(appRole(db));
  });

  it('carries the queues and every unfinished job, as created; finished ones stay behind', async () => {
    const { queues, jobs } = await withClient(db.url, async (owner) => ({
      queues: (await owner.query(`SELECT name, policy, expire_seconds FROM pgboss.queue ORDER BY name`)).rows,
      jobs: (
        await owner.query(
          `SELECT id::text, name, state::text, retry_count, data FROM pgboss.job WHERE id = ANY ($1::uuid[]) ORDER BY id`,
          [[jobId, ...Object.values(others)]],
        )
      ).rows,
    }));
    expect(queues).toEqual(
      expect.arrayContaining([
        { name: 'embeddings-refresh', policy: 'short', expire_seconds: expect.any(Number) },
        { name: 'ingest-map', policy: 'standard', expire_seconds: 300 },
      ]),
    );
    const byId = new Map(jobs.map((job) => [job.id, job]));
    expect(byId.get(jobId)).toMatchObject({ name: 'ingest-map', state: 'created', data: { messageId } });
    expect(byId.get(others.active)).toMatchObject({ state: 'created' });
    expect(byId.get(others.retry)).toMatchObject({ state: 'created', retry_count: 1 });
    expect(byId.get(others.sweep)).toMatchObject({ name: 'embeddings-refresh', state: 'created' });
    expect(byId.has(others.completed)).toBe(false);
  });

  it('is a no-op when run again', async () => {
    const count = () =>
      withClient(
        db.url,
        async (owner) => (await owner.query('SELECT count(*)::int AS n FROM pgboss.job')).rows[0].n,
      );
    const before = await count();
    await prepareDatabase(db.url, appConnection(db.appUrl), MIGRATIONS_DIR);
    expect(await count()).toBe(before);
  });

  it('maps the message stored before the upgrade, through its carried job', async () => {
    const mapper = await createApp(
      { config: { ...receiver.config, INGEST_MAP_WORKERS: 2 }, databaseUrl: db.appUrl },
      createLogger('silent'),
    );
    try {
      await mapper.init();
      await mapper.getHttpAdapter().getInstance().ready();
      const found = (sql: string, id: string) =>
        withClient(db.url, async (owner) => (await owner.query(sql, [id])).rowCount);
      await waitFor(() =>
        found(`SELECT 1 FROM ingest_messages WHERE id = $1 AND status = 'processed'`, messageId),
      );
      await waitFor(() => found(`SELECT 1 FROM pgboss.job WHERE id = $1 AND state = 'completed'`, jobId));
    } finally {
      await mapper.close();
    }
  });
});

describe('the application role alone, before db:migrate has replaced a pg-boss 10 schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await installPgBoss10(db);
  });
  afterAll(() => db.drop());

  it('is told the database is not ready', async () => {
    expect(await unpreparedDatabase(db.appUrl, MIGRATIONS_DIR)).toBe(
      `the job queue schema pgboss is at version 24, this release needs ${JOBS_SCHEMA_VERSION}`,
    );
  });
});

describe('db:migrate by an owner that is no superuser, over the pg-boss 10 schema of the application role', () => {
  const jobId = randomUUID();
  let db: TestDatabase;
  const role = `jobs_owner_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let ownerUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    await withClient(db.url, async (admin) => {
      await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
      await admin.query(`ALTER DATABASE "${db.name}" OWNER TO "${role}"`);
    });
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    ownerUrl = url.toString();
    await prepareDatabase(ownerUrl, appConnection(db.appUrl), MIGRATIONS_DIR);
  });
  afterAll(async () => {
    await db.drop();
    await withClient(process.env.TEST_PG_ADMIN_URL!, (admin) => admin.query(`DROP ROLE "${role}"`));
  });

  it('renames and drops the old schema as the application role, which keeps no CREATE on the database', async () => {
    await withClient(ownerUrl, (owner) => owner.query('DROP SCHEMA pgboss CASCADE'));
    await withClient(db.url, (admin) =>
      admin.query(`GRANT CREATE ON DATABASE "${db.name}" TO "${appRole(db)}"`),
    );
    await withClient(db.appUrl, async (app) => {
      await app.query(V10_SCHEMA);
      await app.query(`SELECT pgboss.create_queue('ingest-map', '{"policy":"standard"}')`);
      await app.query(
        `INSERT INTO pgboss.job (id, name, data, policy) VALUES ($1, 'ingest-map', '{}', 'standard')`,
        [jobId],
      );
    });
    await withClient(db.url, (admin) =>
      admin.query(`REVOKE CREATE ON DATABASE "${db.name}" FROM "${appRole(db)}"`),
    );

    await prepareDatabase(ownerUrl, appConnection(db.appUrl), MIGRATIONS_DIR);
    const after = await withClient(
      db.appUrl,
      async (app) =>
        (
          await app.query<{ owner: string; carried: number; createsSchemas: boolean }>(
            `SELECT (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'pgboss') AS owner,
                  (SELECT count(*)::int FROM pgboss.job WHERE id = $1) AS carried,
                  has_database_privilege(current_database(), 'CREATE') AS "createsSchemas"`,
            [jobId],
          )
        ).rows[0],
    );
    expect(after).toEqual({ owner: role, carried: 1, createsSchemas: false });
  });
});

describe('db:migrate migrates an older pg-boss 12 schema in place', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it('applies the migration and its index builds, which run outside the transaction', async () => {
    const state = (owner: pg.Client) =>
      owner.query<{ version: number; indexes: string[] }>(
        `SELECT (SELECT max(version)::int FROM pgboss.version) AS version,
                ARRAY(SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                       WHERE c.relnamespace = 'pgboss'::regnamespace AND i.indisvalid ORDER BY 1) AS indexes`,
      );
    const installed = await withClient(db.url, async (owner) => {
      const before = (await state(owner)).rows[0]!;
      await owner.query(getRollbackPlans('pgboss', JOBS_SCHEMA_VERSION));
      const rolledBack = (await state(owner)).rows[0]!;
      expect(rolledBack.version).toBe(JOBS_SCHEMA_VERSION - 1);
      expect(rolledBack.indexes.length).toBeLessThan(before.indexes.length); // the last migration builds some
      return before;
    });
    await prepareDatabase(db.url, appConnection(db.appUrl), MIGRATIONS_DIR);
    expect((await withClient(db.url, state)).rows[0]).toEqual(installed);
  });
});
