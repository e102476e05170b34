import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDist } from '../process/run-app.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

describe('npm run cli -- audit:verify', () => {
  let h: AuditHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await createAuditHarness();
    for (let i = 1; i <= 12; i++) await h.audit.record(sampleEvent(i));
    env = { DATABASE_URL: h.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'anamnesis-audit-cli-')) };
  });
  afterAll(() => h.close());

  it('exits 0 on an intact chain', async () => {
    const result = await runDist('cli/main.js', env, ['audit:verify']);
    expect(result.stdout).toContain('audit chain intact: 12 events (seq 1..12)');
    expect(result.code).toBe(0);
  });

  it('exits 1 and names the first bad sequence number', async () => {
    await h.sql('ALTER TABLE "audit_events" DISABLE TRIGGER USER');
    await h.sql(`DELETE FROM "audit_events" WHERE "seq" = 4`);
    const result = await runDist('cli/main.js', env, ['audit:verify']);
    expect(result.stderr).toContain('audit chain BROKEN at seq 4: missing');
    expect(result.code).toBe(1);
    const json = await runDist('cli/main.js', env, ['audit:verify', '--json']);
    const report = JSON.parse(json.stdout.trim().split('\n').pop() as string);
    expect(report).toMatchObject({ intact: false, firstBad: { seq: '4', problem: 'missing' } });
  });
});
