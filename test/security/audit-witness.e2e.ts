import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditCheckpoints, CheckpointRefusedError } from '../../src/audit/audit-checkpoints.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { AuditVerifier } from '../../src/audit/audit-verifier.js';
import { CheckpointSigner } from '../../src/audit/checkpoint-signer.js';
import { FileAuditWitness } from '../../src/audit/file-audit-witness.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { loadConfig } from '../../src/app-config.js';
import { ConfigError } from '../../src/config/load-config.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from '../audit/audit-harness.js';
import { runDist } from '../process/run-app.js';
import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The attacks observed against the audit log, replayed as the tables' owner (the
 * only role that can still switch the append-only triggers off — the app's role cannot, see
 * db-privileges.e2e.ts). Each must now be detected: by audit:verify comparing the database with
 * the witness outside it, or by the checkpointer, which verifies before it signs.
 */
describe('audit truncation and forgery are detected', () => {
  let h: AuditHarness;

  beforeEach(async () => {
    h = await createAuditHarness();
    for (let i = 1; i <= 20; i++) await h.audit.record(sampleEvent(i));
  });
  afterEach(() => h.close());

  /** The owner, with the triggers off, as in the observations. */
  const asOwner = async (...statements: string[]) => {
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_chain_head'])
      await h.sql(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    for (const statement of statements) await h.sql(statement);
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_chain_head'])
      await h.sql(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  };
  /** What verification saw before this change: the same verifier without a witness. */
  const withoutWitness = () =>
    new AuditVerifier(
      h.pool,
      new CheckpointSigner(h.config),
      h.sequencer,
      new FileAuditWitness(mkdtempSync(join(tmpdir(), 'no-witness-'))),
    ).verify();
  /** The CLI on the same database, key and witness (it connects as the derived app role itself). */
  const cliEnv = () => ({
    DATABASE_URL: h.db.url,
    DATA_DIR: h.config.DATA_DIR,
    AUDIT_SIGNING_KEY_FILE: h.config.AUDIT_SIGNING_KEY_FILE!,
  });
  const checkpointRows = async () =>
    (await h.sql('SELECT "seq"::text AS "seq" FROM "audit_checkpoints" ORDER BY "seq"')).rows.map(
      (r) => r.seq,
    );
  const rewindHeadTo = (seq: number) =>
    `UPDATE "audit_chain_head" SET "seq" = ${seq}, "hash" = (SELECT "hash" FROM "audit_events" WHERE "seq" = ${seq})`;

  it('a deleted tail, its checkpoint removed and the head rewound: verify names the missing events', async () => {
    await h.checkpoints.checkpoint(); // signs 20, in the database and in the witness
    await asOwner(
      'DELETE FROM "audit_events" WHERE "seq" > 15',
      'DELETE FROM "audit_checkpoints" WHERE "seq" > 15',
      rewindHeadTo(15),
    );
    expect(await withoutWitness()).toMatchObject({ intact: true, lastSeq: '15' }); // the observation
    const report = await h.verifier.verify();
    expect(report).toMatchObject({ intact: false, firstBad: { seq: '16', problem: 'truncated' } });
    expect(report.firstBad!.detail).toMatch(
      /^events 16\.\.20 are missing: the witness holds checkpoint 20 signed at /,
    );
    const incremental = await h.verifier.verify({ sinceLastCheckpoint: true });
    expect(incremental.firstBad).toMatchObject({ seq: '16', problem: 'truncated' });
  });

  it('audit:verify (the CLI) exits 1 naming the gap against the witness', async () => {
    await h.checkpoints.checkpoint();
    await asOwner(
      'DELETE FROM "audit_events" WHERE "seq" > 15',
      'DELETE FROM "audit_checkpoints"',
      rewindHeadTo(15),
    );
    const result = await runDist('cli/main.js', cliEnv(), ['audit:verify']);
    expect(result.stderr).toContain(
      'audit chain BROKEN at seq 16: truncated — events 16..20 are missing: the witness holds checkpoint 20',
    );
    expect(result.code).toBe(1);
  });

  it('the head moved back over events that stay: verify and the checkpointer both refuse', async () => {
    await h.checkpoints.checkpoint();
    for (let i = 21; i <= 25; i++) await h.audit.record(sampleEvent(i));
    await asOwner(rewindHeadTo(22));
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '23', problem: 'inserted' });
    expect(report.firstBad!.detail).toContain('not appended through the chain head');
    await expect(h.checkpoints.checkpoint()).rejects.toThrow(CheckpointRefusedError);
    expect(await checkpointRows()).toEqual(['20']);
  });

  it('a signed checkpoint removed from the database is named', async () => {
    await h.checkpoints.checkpoint();
    await asOwner('DELETE FROM "audit_checkpoints"');
    expect(await withoutWitness()).toMatchObject({ intact: true });
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '20', problem: 'checkpoint-missing' });
  });

  it('a forged row with a high seq: the checkpointer signs nothing, alerts, and verify names the gap', async () => {
    await h.checkpoints.checkpoint(); // 20
    await h.audit.record(sampleEvent(21));
    const witnessed = readFileSync(h.witness.file, 'utf8');
    await asOwner(
      `INSERT INTO "audit_events" SELECT 500, gen_random_uuid(), "recorded_at", "type", "action", "outcome",
         "actor_user_id", "actor_role", "actor_address", "actor_user_agent", "patient_id", "entity_type",
         "entity_ids", "purpose_of_use", "reason", "correlation_id", "hash", sha256("hash")
         FROM "audit_events" WHERE "seq" = 21`,
    );
    await expect(h.checkpoints.checkpoint()).rejects.toThrow(/audit chain broken at seq 22 \(missing/);
    const cli = await runDist('cli/main.js', cliEnv(), ['audit:checkpoint']); // the alert above is event 22
    expect(cli.stderr).toContain(
      'anamnesis: audit chain broken at seq 23 (missing: events 23..499 are missing)',
    );
    expect(cli.code).toBe(1);
    expect(await checkpointRows()).toEqual(['20']); // before: the checkpointer signed seq 500
    expect(readFileSync(h.witness.file, 'utf8')).toBe(witnessed);
    const alert = await h.sql(
      `SELECT "entity_ids", "reason" FROM "audit_events" WHERE "type" = 'audit.verify' AND "outcome" = 'failure' ORDER BY "seq"`,
    );
    // One alert per refusal (the CLI's shutdown does not sign, so does not alert again).
    expect(alert.rows).toEqual([
      {
        entity_ids: ['22'],
        reason: expect.stringContaining('checkpoint refused: missing: events 22..499 are missing'),
      },
      {
        entity_ids: ['23'],
        reason: expect.stringContaining('checkpoint refused: missing: events 23..499 are missing'),
      },
    ]);
    // The alerts themselves are events 22 and 23 (appended at the head); the gap after them stays named.
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '24', problem: 'missing' });
  });

  it('a row inserted past the head that the chain does not link is named, and not signed', async () => {
    await asOwner(
      `INSERT INTO "audit_events" SELECT 21, gen_random_uuid(), "recorded_at", "type", "action", "outcome",
         "actor_user_id", "actor_role", "actor_address", "actor_user_agent", "patient_id", "entity_type",
         "entity_ids", "purpose_of_use", "reason", "correlation_id", sha256('forged'), sha256('forged-too')
         FROM "audit_events" WHERE "seq" = 20`,
    );
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '21', problem: 'inserted' });
    await expect(h.checkpoints.checkpoint()).rejects.toThrow(CheckpointRefusedError);
    expect(await checkpointRows()).toEqual([]);
  });

  it('an event rewritten below a witnessed checkpoint, re-signed in the database by a stolen row, is named', async () => {
    await h.checkpoints.checkpoint(); // 20
    for (let i = 21; i <= 22; i++) await h.audit.record(sampleEvent(i));
    await h.checkpoints.checkpoint(); // 22
    // The owner rewrites the chain from 18 on and drops the database checkpoints that would show it.
    await asOwner(
      'DELETE FROM "audit_checkpoints"',
      'DELETE FROM "audit_events" WHERE "seq" > 17',
      rewindHeadTo(17),
    );
    for (let i = 30; i <= 34; i++) await h.audit.record(sampleEvent(i)); // 18..22 again, other content
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '20', problem: 'checkpoint-mismatch' });
    expect(report.firstBad!.detail).toContain('differs from the witness');
  });

  it('signs one checkpoint when several nodes try at once (advisory lock), and the witness holds it once', async () => {
    const other = new AuditCheckpoints(
      h.pool,
      h.config,
      new CheckpointSigner(h.config),
      h.audit,
      h.verifier,
      h.witness,
    );
    const results = await Promise.all([
      h.checkpoints.checkpoint(),
      other.checkpoint(),
      h.checkpoints.checkpoint(),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await h.witness.read()).checkpoints.map((c) => c.seq)).toEqual([20n]);
    expect(await h.verifier.verify()).toMatchObject({ intact: true, witness: { checked: 1, lastSeq: '20' } });
  });
});

describe('GET /api/audit/verify compares the database with the witness', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' })));
  afterAll(() => t.close());

  it('names the events missing after a witnessed checkpoint', async () => {
    const audit = t.app.get(AuditService);
    for (let i = 1; i <= 6; i++) await audit.record(sampleEvent(i));
    const signed = await t.app.get(AuditCheckpoints).checkpoint();
    const owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_chain_head'])
      await owner.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    const keep = Number(signed!.seq) - 3;
    await owner.query(`DELETE FROM "audit_events" WHERE "seq" > ${keep}`);
    await owner.query('DELETE FROM "audit_checkpoints"');
    await owner.query(
      `UPDATE "audit_chain_head" SET "seq" = ${keep}, "hash" = (SELECT "hash" FROM "audit_events" WHERE "seq" = ${keep})`,
    );
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_chain_head'])
      await owner.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    await owner.end();
    const { token } = await userWithToken(t, 'compliance');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: authHeader(token),
    });
    expect(response.statusCode).toBe(200);
    const missing = `events ${keep + 1}..${signed!.seq} are missing: the witness holds checkpoint ${signed!.seq}`;
    expect(response.json()).toMatchObject({
      intact: false,
      firstBad: { seq: String(keep + 1), problem: 'truncated', detail: expect.stringContaining(missing) },
    });
  });
});

describe('production keeps the checkpoint key and the witness away from DATA_DIR', () => {
  const base = {
    NODE_ENV: 'production',
    DATA_DIR: '/var/lib/anamnesis',
    DATABASE_URL: 'postgresql://app@db/anamnesis',
    KEK_BASE64: Buffer.alloc(32, 1).toString('base64'),
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
  };

  it('requires AUDIT_SIGNING_KEY_FILE and AUDIT_WITNESS_DIR (no generated key)', () => {
    const message = problems(base);
    expect(message).toContain('AUDIT_SIGNING_KEY_FILE');
    expect(message).toContain('AUDIT_WITNESS_DIR');
  });

  it('refuses either inside DATA_DIR', () => {
    const message = problems({
      ...base,
      AUDIT_SIGNING_KEY_FILE: '/var/lib/anamnesis/keys/checkpoint.pem',
      AUDIT_WITNESS_DIR: '/var/lib/anamnesis/../anamnesis/witness',
    });
    expect(message).toMatch(/AUDIT_SIGNING_KEY_FILE.*inside DATA_DIR/);
    expect(message).toMatch(/AUDIT_WITNESS_DIR.*inside DATA_DIR/);
    expect(
      problems({
        ...base,
        AUDIT_SIGNING_KEY_FILE: '/etc/anamnesis/checkpoint.pem',
        AUDIT_WITNESS_DIR: '/srv/witness',
      }),
    ).not.toMatch(/AUDIT_/);
  });

  it('the signer refuses to generate a key in production', () => {
    const signer = new CheckpointSigner({ NODE_ENV: 'production', DATA_DIR: tmpdir() } as AppConfig);
    expect(() => signer.keyId).toThrow(/AUDIT_SIGNING_KEY_FILE/);
  });
});
