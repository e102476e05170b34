import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { canonical, toStoredEvent } from '../../src/audit/canonical.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/app-config.js';
import { inspectRole } from '../../src/database/app-role.js';
import { openDatabase } from '../../src/database/open-database.js';
import { sampleEvent } from '../audit/audit-harness.js';
import { runDist } from '../process/run-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * An attacker holding the application's database credentials (psql as the app
 * role, exactly the role `npm start` and the tests' apps connect as) cannot rewrite the audit log.
 * Before: the app connected as the tables' owner and could `ALTER TABLE … DISABLE TRIGGER`.
 */
describe('least privilege: the application role cannot rewrite history', () => {
  let db: TestDatabase;
  let app: pg.Client;
  let owner: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.url });
    app = new pg.Client({ connectionString: db.appUrl });
    await owner.connect();
    await app.connect();
    const pool = new pg.Pool({ connectionString: db.appUrl, max: 2 });
    await new AuditService(pool, new AuditSequencer(pool)).recordMany([1, 2, 3, 4, 5].map(sampleEvent));
    await pool.end();
  });
  afterAll(async () => {
    await app.end();
    await owner.end();
    await db.drop();
  });

  const head = async () =>
    (await owner.query<{ seq: string }>('SELECT "seq"::text AS "seq" FROM "audit_chain_head"')).rows[0]!.seq;
  const eventCount = async () =>
    (await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM "audit_events"')).rows[0]!.n;

  it('is a login role that is not a superuser and owns nothing in the application schema', async () => {
    const role = await inspectRole(db.appUrl);
    expect(role).toMatchObject({ superuser: false, ownsAudit: false, writesServerFiles: false });
    const owned = await app.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND c.relnamespace = 'public'::regnamespace
       UNION ALL
       SELECT p.proname FROM pg_proc p
        WHERE p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND p.pronamespace = 'public'::regnamespace`,
    );
    expect(owned.rows).toEqual([]);
  });

  it.each([
    ['disable the append-only trigger', 'ALTER TABLE "audit_events" DISABLE TRIGGER USER', /must be owner/],
    ['disable every trigger', 'ALTER TABLE "audit_events" DISABLE TRIGGER ALL', /must be owner/],
    [
      'disable the chain head trigger',
      'ALTER TABLE "audit_chain_head" DISABLE TRIGGER USER',
      /must be owner/,
    ],
    ['alter the table', 'ALTER TABLE "audit_events" ADD COLUMN "x" int', /must be owner/],
    ['drop the table', 'DROP TABLE "audit_events"', /must be owner/],
    ['update an event', `UPDATE "audit_events" SET "reason" = 'x' WHERE "seq" = 1`, /permission denied/],
    ['delete the tail', 'DELETE FROM "audit_events" WHERE "seq" > 3', /permission denied/],
    ['truncate the events', 'TRUNCATE "audit_events"', /permission denied/],
    [
      'insert a forged event',
      `INSERT INTO "audit_events" SELECT * FROM "audit_events" WHERE "seq" = 5`,
      /permission denied/,
    ],
    ['move the chain head back', 'UPDATE "audit_chain_head" SET "seq" = 3', /permission denied/],
    ['delete the chain head', 'DELETE FROM "audit_chain_head"', /permission denied/],
    ['truncate the chain head', 'TRUNCATE "audit_chain_head"', /permission denied/],
    ['update a checkpoint', 'UPDATE "audit_checkpoints" SET "hash" = sha256("hash")', /permission denied/],
    ['delete checkpoints', 'DELETE FROM "audit_checkpoints"', /permission denied/],
    ['truncate checkpoints', 'TRUNCATE "audit_checkpoints"', /permission denied/],
    ['delete staged events', 'DELETE FROM "audit_pending"', /permission denied/],
    ['truncate staged events', 'TRUNCATE "audit_pending"', /permission denied/],
    [
      'replace the append function',
      'CREATE OR REPLACE FUNCTION audit_append(p_events TEXT[]) RETURNS BIGINT LANGUAGE sql AS $$ SELECT 0::bigint $$',
      /must be owner|permission denied/,
    ],
    [
      'drop the head trigger',
      'DROP TRIGGER "audit_chain_head_forward_only" ON "audit_chain_head"',
      /must be owner/,
    ],
    ['create a schema', 'CREATE SCHEMA "attacker"', /permission denied/],
    ['create a table in public', 'CREATE TABLE public."attacker" (x int)', /permission denied/],
    [
      'write a server file',
      `COPY "audit_events" TO '/tmp/anamnesis-attack'`,
      /permission denied|must be superuser/,
    ],
  ])('cannot %s', async (_, statement, refusal) => {
    const before = { head: await head(), events: await eventCount() };
    await expect(app.query(statement)).rejects.toThrow(refusal);
    expect({ head: await head(), events: await eventCount() }).toEqual(before);
  });

  it('cannot become the owner', async () => {
    const ownerRole = decodeURIComponent(new URL(db.url).username);
    await expect(app.query(`SET ROLE "${ownerRole}"`)).rejects.toThrow(/permission denied/);
    await expect(app.query('SET SESSION AUTHORIZATION DEFAULT')).resolves.toBeDefined(); // itself, still
    expect((await app.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(
      decodeURIComponent(new URL(db.appUrl).username),
    );
  });

  it('still appends, stages and signs through what it was granted', async () => {
    await app.query('SELECT audit_append(ARRAY[$1])', [canonical(toStoredEvent(sampleEvent(6)))]);
    await app.query(`INSERT INTO "audit_pending" ("canonical") VALUES ($1)`, [
      canonical(toStoredEvent(sampleEvent(7))),
    ]);
    expect((await app.query<{ n: number }>('SELECT audit_sequence(10) AS n')).rows[0]!.n).toBe(1);
    expect(await head()).toBe('7');
  });
});

describe('which role the application connects as (openDatabase)', () => {
  let db: TestDatabase;
  let empty: TestDatabase;
  const quiet = createLogger('silent');
  const config = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'anamnesis-open-')), ...env });
  beforeAll(async () => {
    db = await createTestDatabase();
    empty = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db.drop();
    await empty.drop();
  });

  it('development, an owner URL alone: migrates as it and connects as the derived anamnesis_app', async () => {
    const opened = await openDatabase(config({ NODE_ENV: 'development', DATABASE_URL: db.url }), quiet);
    expect(decodeURIComponent(new URL(opened.url).username)).toBe('anamnesis_app');
    expect(await inspectRole(opened.url)).toMatchObject({ superuser: false, ownsAudit: false });
  });

  it('production, the application role alone on a migrated database: connects as it', async () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: db.appUrl, MLLP_PORT: '0' };
    const opened = await openDatabase(config({ ...env, ...productionAudit() }), quiet);
    expect(opened.url).toBe(db.appUrl);
  });

  it('production, the application role alone on a database nobody migrated: refused, naming db:migrate', async () => {
    const appOnEmpty = new URL(db.appUrl);
    appOnEmpty.pathname = `/${empty.name}`;
    const env = { NODE_ENV: 'production', DATABASE_URL: appOnEmpty.toString(), MLLP_PORT: '0' };
    await expect(openDatabase(config({ ...env, ...productionAudit() }), quiet)).rejects.toThrow(
      /not migrated \(no migration has been applied\): run {2}npm run cli -- db:migrate {2}with DATABASE_OWNER_URL/,
    );
  });
});

function productionAudit(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'anamnesis-prod-audit-'));
  return {
    KEK_BASE64: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY_FILE: join(dir, 'checkpoint.pem'),
    AUDIT_WITNESS_DIR: join(dir, 'witness'),
  };
}

describe('production refuses an application role that could rewrite history', () => {
  let db: TestDatabase;
  let dir: string;
  const ownerRole = `h2_owner_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'anamnesis-prod-'));
    writeFileSync(
      join(dir, 'checkpoint.pem'),
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    // A role that is no superuser but owns the audit tables (as a compose deployment's owner would).
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`CREATE ROLE "${ownerRole}" LOGIN PASSWORD '${password}'`);
    await owner.query(`ALTER TABLE "audit_events" OWNER TO "${ownerRole}"`);
    await owner.end();
  });
  afterAll(async () => {
    await db.drop();
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS "${ownerRole}"`);
    await admin.end();
  });

  const production = (extra: Record<string, string>) => ({
    NODE_ENV: 'production',
    DATA_DIR: join(dir, 'data'),
    KEK_BASE64: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY_FILE: join(dir, 'checkpoint.pem'),
    AUDIT_WITNESS_DIR: join(dir, 'witness'),
    MLLP_PORT: '0',
    PORT: '0',
    ...extra,
  });
  const as = (role: string, secret: string) => {
    const url = new URL(db.url);
    url.username = role;
    url.password = secret;
    return url.toString();
  };

  it('refuses a superuser connection, naming the fix', async () => {
    const result = await runDist('main.js', production({ DATABASE_URL: db.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/connects as role "[^"]+", which is a superuser/);
    expect(result.stderr).toContain('DATABASE_OWNER_URL');
  });

  it('refuses a role that owns the audit tables, naming the fix', async () => {
    const result = await runDist('main.js', production({ DATABASE_URL: as(ownerRole, password) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`connects as role "${ownerRole}", which owns the audit tables`);
    expect(result.stderr).not.toContain(password);
  });

  it('migrates as DATABASE_OWNER_URL and accepts the application role as DATABASE_URL', async () => {
    const result = await runDist(
      'cli/main.js',
      production({ DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url }),
      ['db:migrate'],
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
