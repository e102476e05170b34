import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The job queue's schema belongs to the owner that migrates (src/database/jobs-schema.ts): the
 * application role works the queue through DML and pg-boss's functions, and cannot change the
 * schema it runs on. Before pg-boss 12 the application role created and owned that schema.
 */
describe('least privilege: the application role and the pgboss schema', () => {
  let db: TestDatabase;
  let app: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await db.drop();
  });

  it('owns nothing in it', async () => {
    const owned = await app.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname = 'pgboss' AND nspowner = current_user::regrole
       UNION ALL
       SELECT relname FROM pg_class WHERE relnamespace = 'pgboss'::regnamespace AND relowner = current_user::regrole
       UNION ALL
       SELECT proname FROM pg_proc WHERE pronamespace = 'pgboss'::regnamespace AND proowner = current_user::regrole
       UNION ALL
       SELECT typname FROM pg_type WHERE typnamespace = 'pgboss'::regnamespace AND typowner = current_user::regrole`,
    );
    expect(owned.rows).toEqual([]);
  });

  it.each([
    ['create a table', 'CREATE TABLE pgboss."attacker" (x int)', /permission denied/],
    ['alter the job table', 'ALTER TABLE pgboss.job ADD COLUMN "x" int', /must be owner/],
    ['drop the queue table', 'DROP TABLE pgboss.queue CASCADE', /must be owner/],
    ['index the job table', 'CREATE INDEX ON pgboss.job_common (name)', /must be owner/],
    [
      'replace a function',
      'CREATE OR REPLACE FUNCTION pgboss.job_now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT now() $$',
      /must be owner|permission denied/,
    ],
    ['rename the schema', 'ALTER SCHEMA pgboss RENAME TO "attacker"', /must be owner/],
    ['drop the schema', 'DROP SCHEMA pgboss CASCADE', /must be owner/],
    ['truncate the jobs', 'TRUNCATE pgboss.job', /permission denied/],
    [
      'give a queue a table of its own',
      `SELECT pgboss.create_queue('own-table', '{"policy": "standard", "partition": true}'::jsonb)`,
      /permission denied/,
    ],
  ])('cannot %s', async (_, statement, refusal) => {
    await expect(app.query(statement)).rejects.toThrow(refusal);
  });

  it('still creates queues, sends jobs (alone and inside its own transaction) and works them', async () => {
    const jobs = new JobsService(db.appUrl);
    try {
      const queue = `privileges-${randomUUID().slice(0, 8)}`;
      await jobs.ensureQueue(queue, { retryLimit: 1 });
      await jobs.send(queue, { n: 1 });
      await app.query('BEGIN');
      await jobs.send(queue, { n: 2 }, { tx: app });
      await jobs.sendMany(queue, [{ id: randomUUID(), data: { n: 3 } }], { tx: app });
      await app.query('COMMIT');
      const seen: number[] = [];
      const all = new Promise<void>((resolve) => {
        void jobs.work<{ n: number }>(
          queue,
          { batchSize: 10, pollingIntervalSeconds: 0.5 },
          async (batch) => {
            seen.push(...batch.map((job) => job.data.n));
            if (seen.length === 3) resolve();
          },
        );
      });
      await all;
      expect(seen.sort()).toEqual([1, 2, 3]);
    } finally {
      await jobs.onModuleDestroy();
    }
  });
});
