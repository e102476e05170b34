import { createRequire } from 'node:module';
import type pg from 'pg';
import { getConstructionPlans, getMigrationPlans } from 'pg-boss';
import { ident, withClient, type AppConnection } from './app-role.js';

/**
 * The PostgreSQL schema the pg-boss job queue lives in. The owner creates and migrates it with the
 * application's own migrations (open-database.ts, inside the migration lock) and grants the
 * application role DML on it, never DDL; the database layer checks it on start
 * (unprepared-database.ts); `jobs/` runs the queue in it and never migrates it.
 */
export const JOBS_SCHEMA = 'pgboss';

/** The pg-boss schema version this release runs against (pg-boss's package.json says it). */
export const JOBS_SCHEMA_VERSION = (
  createRequire(import.meta.url)('pg-boss/package.json') as { pgboss: { schema: number } }
).pgboss.schema;

/**
 * pg-boss 11 rebuilt its schema (version 25); 24 is pg-boss 10's, which the application role created
 * and owned. Such a schema is not migrated in place: it is moved aside, a fresh one is installed as
 * the owner, and its waiting jobs are carried over (README.md, "The job queue schema").
 */
const FIRST_V11_VERSION = 25;
const LEGACY_SCHEMA = `${JOBS_SCHEMA}_v10`;

/** Installs, migrates or replaces the job queue schema as the owner, then grants the application role. */
export async function prepareJobSchema(owner: pg.ClientBase, app: AppConnection): Promise<void> {
  const found = await findSchema(owner, JOBS_SCHEMA);
  if (found?.installed) {
    await asSchemaOwner(owner, app, found.owner, async (client) => {
      if ((await schemaVersion(client, JOBS_SCHEMA)) < FIRST_V11_VERSION)
        await client.query(`ALTER SCHEMA ${ident(JOBS_SCHEMA)} RENAME TO ${ident(LEGACY_SCHEMA)}`);
    });
  }
  if (!(await findSchema(owner, JOBS_SCHEMA))?.installed)
    await owner.query(getConstructionPlans(JOBS_SCHEMA));
  const version = await schemaVersion(owner, JOBS_SCHEMA);
  if (version < JOBS_SCHEMA_VERSION) {
    for (const statement of migrationStatements(getMigrationPlans(JOBS_SCHEMA, version)))
      await owner.query(statement);
  }
  await grantJobSchema(owner, app.role);
  const legacy = await findSchema(owner, LEGACY_SCHEMA);
  if (legacy) await asSchemaOwner(owner, app, legacy.owner, carryOverLegacy);
}

/**
 * A pg-boss migration plan is one transaction followed by index builds (CREATE INDEX CONCURRENTLY),
 * each of which must run alone, outside any transaction.
 */
function migrationStatements(plan: string): string[] {
  const end = plan.lastIndexOf('COMMIT;') + 'COMMIT;'.length;
  const builds = plan
    .slice(end)
    .split(/;[ \t]*$/m)
    .filter((statement) => statement.replace(/--.*$/gm, '').trim());
  return [plan.slice(0, end), ...builds];
}

/** Who owns `schema`, and whether pg-boss is installed in it (from the catalogs: no USAGE needed). */
async function findSchema(
  client: pg.ClientBase,
  schema: string,
): Promise<{ owner: string; installed: boolean } | undefined> {
  const { rows } = await client.query<{ owner: string; installed: boolean }>(
    `SELECT pg_get_userbyid(n.nspowner) AS owner,
            EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'version') AS installed
       FROM pg_namespace n WHERE n.nspname = $1`,
    [schema],
  );
  return rows[0];
}

async function schemaVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    `SELECT max(version)::int AS version FROM ${ident(schema)}.version`,
  );
  return rows[0]!.version;
}

/**
 * The application role may read and write the queue's rows and call its functions; it creates,
 * alters and drops nothing there (queues are rows: a queue with its own table, `partition: true`,
 * would need DDL and is refused). Re-applied after every migration run, so objects added by a pg-boss
 * migration are covered too.
 */
async function grantJobSchema(owner: pg.ClientBase, appRole: string): Promise<void> {
  const role = ident(appRole);
  const schema = ident(JOBS_SCHEMA);
  for (const statement of [
    `REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`,
  ])
    await owner.query(statement);
}

/**
 * Runs `work` as a role that owns a schema owned by `schemaOwner`: the migrating owner when it is
 * (or is a member of, or is a superuser over) that role, else the application role when pg-boss 10
 * made the schema as it. Renaming a schema also takes CREATE on the database, granted to the
 * application role only for that moment.
 */
async function asSchemaOwner(
  owner: pg.ClientBase,
  app: AppConnection,
  schemaOwner: string,
  work: (client: pg.ClientBase) => Promise<void>,
): Promise<void> {
  const member = await owner.query<{ member: boolean }>(
    `SELECT pg_has_role(current_user, $1, 'MEMBER') AS member`,
    [schemaOwner],
  );
  if (member.rows[0]?.member) {
    await work(owner);
    return;
  }
  if (schemaOwner !== app.role) {
    throw new Error(
      `the pg-boss 10 job schema belongs to role "${schemaOwner}", which neither the migrating owner nor the application role is: ` +
        `run db:migrate as "${schemaOwner}" or as a superuser once`,
    );
  }
  const database = (await owner.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  await owner.query(`GRANT CREATE ON DATABASE ${ident(database)} TO ${ident(app.role)}`);
  try {
    const target = new URL(app.url);
    target.pathname = `/${database}`;
    await withClient(target.toString(), work);
  } finally {
    await owner.query(`REVOKE CREATE ON DATABASE ${ident(database)} FROM ${ident(app.role)}`);
  }
}

/**
 * Carries what pg-boss 10 still had to do into the fresh schema, then drops the old one, in one
 * transaction (a crash before COMMIT carries again on the next run; ids keep it from doubling).
 * Every queue with its options; every job not finished (created, retry, or active: whoever held
 * it is gone, as this runs with the old nodes stopped) as created, with its id, data, retry count,
 * start time and singleton key. Finished jobs and pg-boss 10's archive are history and are not kept;
 * nor are schedules and subscriptions, which this application does not use.
 */
async function carryOverLegacy(client: pg.ClientBase): Promise<void> {
  const legacy = ident(LEGACY_SCHEMA);
  const jobs = ident(JOBS_SCHEMA);
  await client.query('BEGIN');
  try {
    await client.query(
      `SELECT ${jobs}.create_queue(q.name, jsonb_strip_nulls(jsonb_build_object(
                'policy', COALESCE(q.policy, 'standard'), 'retryLimit', q.retry_limit, 'retryDelay', q.retry_delay,
                'retryBackoff', q.retry_backoff, 'expireInSeconds', q.expire_seconds,
                'retentionSeconds', q.retention_minutes * 60)))
         FROM ${legacy}.queue q ORDER BY q.name`,
    );
    await client.query(
      `UPDATE ${jobs}.queue q SET dead_letter = l.dead_letter
         FROM ${legacy}.queue l WHERE l.name = q.name AND l.dead_letter IS NOT NULL AND q.dead_letter IS NULL`,
    );
    await client.query(
      `INSERT INTO ${jobs}.job (id, name, priority, data, retry_limit, retry_count, retry_delay, retry_backoff,
                                expire_seconds, singleton_key, singleton_on, start_after, created_on, keep_until,
                                dead_letter, policy)
       SELECT id, name, priority, data, retry_limit, retry_count, retry_delay, retry_backoff,
              GREATEST(1, extract(epoch FROM expire_in)::int), singleton_key, singleton_on, start_after, created_on,
              keep_until, dead_letter, policy
         FROM ${legacy}.job WHERE state IN ('created', 'retry', 'active')
       ON CONFLICT DO NOTHING`,
    );
    await client.query(`DROP SCHEMA ${legacy} CASCADE`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
