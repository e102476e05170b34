import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

/**
 * kill -9 during a burst of audited writes: the chain still verifies, and every committed write has
 * its audit event and every write event its committed write (they share one transaction), whether
 * the event was chained at once or staged and chained after the restart.
 */
describe('audit trail survives kill -9 mid-burst', () => {
  let h: AuditHarness;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--if-needed', '--quiet'], {
      cwd: PROJECT_ROOT,
    });
    h = await createAuditHarness();
    await h.sql('CREATE TABLE "crash_work" ("id" TEXT PRIMARY KEY)');
  }, 120_000);
  afterAll(() => h.close());

  it('loses nothing half-way', async () => {
    const child = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'test', 'audit', 'fixtures', 'audit-burst.mjs'), h.db.url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`burst exited early (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 300));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The server notices the dead connections and rolls back their open transactions.
    for (let i = 0; i < 100; i++) {
      const open = await h.sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      if (open.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const staged = await h.sql('SELECT count(*)::int AS n FROM "audit_pending"');
    expect(staged.rows[0].n).toBeGreaterThan(0); // left by the killed process, chained by verify() below
    const chained = await h.sql('SELECT count(*)::int AS n FROM "audit_events"');
    const report = await h.verifier.verify();
    expect(report.intact).toBe(true);
    expect((await h.sql('SELECT count(*)::int AS n FROM "audit_pending"')).rows[0].n).toBe(0);
    // Every staged event is now in the chain, beside the ones chained before the kill (≥ 200 in all).
    expect(report.eventsChecked).toBe(chained.rows[0].n + staged.rows[0].n);
    expect(report.eventsChecked).toBeGreaterThanOrEqual(200);
    const orphans = await h.sql(`
      SELECT
        (SELECT count(*)::int FROM "crash_work" w WHERE NOT EXISTS (
           SELECT 1 FROM "audit_events" e WHERE e."type" = 'entry.create' AND e."entity_ids" = ARRAY[w."id"])) AS work_without_event,
        (SELECT count(*)::int FROM "audit_events" e WHERE e."type" = 'entry.create' AND NOT EXISTS (
           SELECT 1 FROM "crash_work" w WHERE ARRAY[w."id"] = e."entity_ids")) AS event_without_work,
        (SELECT count(*)::int FROM (SELECT 1 FROM "audit_events" WHERE "type" = 'entry.create'
           GROUP BY "entity_ids" HAVING count(*) > 1) AS twice) AS duplicated,
        (SELECT count(*)::int FROM "crash_work") AS work`);
    expect(orphans.rows[0]).toMatchObject({ work_without_event: 0, event_without_work: 0, duplicated: 0 });
    expect(orphans.rows[0].work).toBeGreaterThanOrEqual(200);

    // "Restart": a new writer extends the same chain.
    await h.audit.record(sampleEvent(1));
    expect(await h.verifier.verify()).toMatchObject({
      intact: true,
      eventsChecked: report.eventsChecked + 1,
    });
  }, 120_000);
});
