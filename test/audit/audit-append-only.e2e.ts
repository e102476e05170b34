import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

/**
 * The database itself refuses to change the log: a non-superuser application role, even one granted
 * every table privilege, cannot UPDATE, DELETE or TRUNCATE audit rows, nor switch the trigger off.
 */
describe('audit log is append-only for the application role', () => {
  let h: AuditHarness;
  let app: pg.Pool;
  const role = `audit_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    h = await createAuditHarness();
    for (let i = 1; i <= 5; i++) await h.audit.record(sampleEvent(i));
    await h.checkpoints.checkpoint();
    await h.sql(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await h.sql(`GRANT USAGE ON SCHEMA public TO "${role}"`);
    await h.sql(`GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO "${role}"`);
    await h.sql(`GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
    await h.sql(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "${role}"`);
    const url = new URL(h.db.url);
    url.username = role;
    url.password = password;
    app = new pg.Pool({ connectionString: url.toString(), max: 2 });
    app.on('error', () => undefined);
  });
  afterAll(async () => {
    await app.end();
    await h.close();
    await h.adminSql(`DROP ROLE IF EXISTS "${role}"`);
  });

  it('the role can append through the service', async () => {
    await new AuditService(app, new AuditSequencer(app)).record(sampleEvent(6));
    expect((await h.verifier.verify()).lastSeq).toBe('6');
  });

  it.each([
    ['UPDATE', `UPDATE "audit_events" SET "reason" = 'x' WHERE "seq" = 1`],
    ['DELETE', `DELETE FROM "audit_events" WHERE "seq" = 1`],
    ['TRUNCATE', `TRUNCATE "audit_events"`],
    ['UPDATE checkpoint', `UPDATE "audit_checkpoints" SET "hash" = sha256("hash")`],
    ['DELETE checkpoint', `DELETE FROM "audit_checkpoints"`],
    ['TRUNCATE checkpoint', `TRUNCATE "audit_checkpoints"`],
    ['TRUNCATE chain head', `TRUNCATE "audit_chain_head"`],
  ])('%s is rejected', async (_, statement) => {
    await expect(app.query(statement)).rejects.toThrow(/append-only/);
  });

  it.each([
    [
      'moving the chain head back',
      `UPDATE "audit_chain_head" SET "seq" = 2, "hash" = (SELECT "hash" FROM "audit_events" WHERE "seq" = 2)`,
    ],
    ['moving it onto no event', `UPDATE "audit_chain_head" SET "seq" = "seq" + 5`],
    ['deleting it', `DELETE FROM "audit_chain_head"`],
  ])('%s is rejected', async (_, statement) => {
    await expect(app.query(statement)).rejects.toThrow(/chain head/);
  });

  it('cannot disable the trigger (only the owner can)', async () => {
    await expect(app.query('ALTER TABLE "audit_events" DISABLE TRIGGER USER')).rejects.toThrow(/owner/);
  });

  it('the superuser is refused too while the trigger is on', async () => {
    await expect(h.sql(`DELETE FROM "audit_events" WHERE "seq" = 2`)).rejects.toThrow(/append-only/);
    expect(await h.verifier.verify()).toMatchObject({ intact: true, eventsChecked: 6 });
  });
});
