import fc from 'fast-check';
import { EVENT_COLUMNS, toChainRow } from '../../src/audit/audit-rows.js';
import { canonical, chainHash, toStoredEvent } from '../../src/audit/canonical.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

/**
 * The tamper matrix: the owner edits the log directly (append-only triggers disabled for the
 * test, as only the owner can), and the verifier must name the first bad sequence number and what
 * is wrong. The attacks the witness exists for are in test/security/audit-witness.e2e.ts.
 */
describe('audit chain verification: tamper matrix', () => {
  let h: AuditHarness;

  beforeEach(async () => {
    h = await createAuditHarness();
    for (let i = 1; i <= 20; i++) await h.audit.record(sampleEvent(i));
  });
  afterEach(() => h.close());

  const toChainRowFromObject = (row: Record<string, unknown>) => toChainRow(Object.values(row));

  const tamper = async (...statements: string[]) => {
    await h.sql('ALTER TABLE "audit_events" DISABLE TRIGGER USER');
    await h.sql('ALTER TABLE "audit_checkpoints" DISABLE TRIGGER USER');
    await h.sql('ALTER TABLE "audit_chain_head" DISABLE TRIGGER USER');
    for (const statement of statements) await h.sql(statement);
  };

  it('reports an untouched chain as intact, in small batches too', async () => {
    await h.checkpoints.checkpoint();
    const report = await h.verifier.verify({ batchSize: 3 });
    expect(report).toEqual({
      intact: true,
      fromSeq: '1',
      eventsChecked: 20,
      lastSeq: '20',
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      checkpointsChecked: 1,
      lastCheckpointSeq: '20',
      witness: {
        checked: 1,
        lastSeq: '20',
        unreadable: 0,
        source: expect.stringContaining('audit-checkpoints.jsonl'),
      },
    });
  });

  it('detects a modified field', async () => {
    await tamper(`UPDATE "audit_events" SET "patient_id" = 'someone-else' WHERE "seq" = 7`);
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '7', problem: 'modified' });
    expect(report.firstBad?.detail).toContain('does not match its hash');
  });

  it('detects a modified field even when the forger recomputed its hash', async () => {
    const row = (await h.sql(`SELECT ${EVENT_COLUMNS} FROM "audit_events" WHERE "seq" = 7`)).rows[0];
    const forged = { ...toChainRowFromObject(row), outcome: 'denied' as const };
    const hash = chainHash(forged.prevHash, 7n, canonical(forged));
    await tamper();
    await h.sql(`UPDATE "audit_events" SET "outcome" = 'denied', "hash" = $1 WHERE "seq" = 7`, [hash]);
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '7', problem: 'modified' });
    expect(report.firstBad?.detail).toContain('no longer links'); // row 7 itself verified; 8 exposed it
  });

  it('pins any single-field change to its own sequence number (property)', async () => {
    await tamper();
    const columns = ['type', 'patient_id', 'correlation_id', 'actor_role', 'actor_address', 'reason'];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(...columns),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (seq, column, value) => {
          const before = await h.sql(`SELECT "${column}" AS v FROM "audit_events" WHERE "seq" = $1`, [seq]);
          fc.pre(before.rows[0].v !== value);
          await h.sql(`UPDATE "audit_events" SET "${column}" = $1 WHERE "seq" = $2`, [value, seq]);
          try {
            expect((await h.verifier.verify()).firstBad).toMatchObject({
              seq: String(seq),
              problem: 'modified',
            });
          } finally {
            await h.sql(`UPDATE "audit_events" SET "${column}" = $1 WHERE "seq" = $2`, [
              before.rows[0].v,
              seq,
            ]);
          }
          expect((await h.verifier.verify()).intact).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('detects a deleted row', async () => {
    await tamper(`DELETE FROM "audit_events" WHERE "seq" = 12`);
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '12', problem: 'missing' });
  });

  it('detects a forged row inserted into the middle (later rows renumbered)', async () => {
    // Shift 10..20 up by one, then forge a perfectly linked and hashed event at 10.
    await tamper(
      `UPDATE "audit_events" SET "seq" = "seq" + 1000 WHERE "seq" >= 10`,
      `UPDATE "audit_events" SET "seq" = "seq" - 999 WHERE "seq" >= 1000`,
    );
    const prev = await h.sql(`SELECT "hash" FROM "audit_events" WHERE "seq" = 9`);
    const forged = toStoredEvent({ type: 'patient.read', action: 'R', outcome: 'success', patientId: 'x' });
    const text = canonical(forged);
    const hash = chainHash(prev.rows[0].hash as Buffer, 10n, text);
    await h.sql(
      `INSERT INTO "audit_events" ("seq","id","recorded_at","type","action","outcome","patient_id","entity_ids","prev_hash","hash")
       VALUES (10, $1, $2, 'patient.read', 'R', 'success', 'x', '{}', $3, $4)`,
      [forged.id, forged.recordedAt, prev.rows[0].hash, hash],
    );
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '10', problem: 'inserted' });
  });

  it('detects a forged row appended at the tail behind the chain head’s back', async () => {
    const prev = (await h.sql(`SELECT "hash" FROM "audit_events" WHERE "seq" = 20`)).rows[0].hash as Buffer;
    const forged = toStoredEvent({ type: 'auth.login', action: 'E', outcome: 'success' });
    await tamper();
    await h.sql(
      `INSERT INTO "audit_events" ("seq","id","recorded_at","type","action","outcome","entity_ids","prev_hash","hash")
       VALUES (21, $1, $2, 'auth.login', 'E', 'success', '{}', $3, $4)`,
      [forged.id, forged.recordedAt, prev, chainHash(prev, 21n, canonical(forged))],
    );
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '21', problem: 'inserted' });
  });

  it('detects two swapped rows', async () => {
    await tamper(
      `UPDATE "audit_events" SET "seq" = 1005 WHERE "seq" = 5`,
      `UPDATE "audit_events" SET "seq" = 5 WHERE "seq" = 6`,
      `UPDATE "audit_events" SET "seq" = 6 WHERE "seq" = 1005`,
    );
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '5', problem: 'reordered' });
  });

  it('detects the tail truncated after a signed checkpoint', async () => {
    await h.checkpoints.checkpoint(); // covers 20
    await tamper(`DELETE FROM "audit_events" WHERE "seq" > 15`, `UPDATE "audit_chain_head" SET "seq" = 15`);
    const report = await h.verifier.verify();
    expect(report.firstBad).toMatchObject({ seq: '16', problem: 'truncated' });
    expect(report.firstBad?.detail).toContain('checkpoint 20');
  });

  it('detects a truncated tail from the chain head when no checkpoint covers it', async () => {
    await tamper(`DELETE FROM "audit_events" WHERE "seq" > 18`);
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '19', problem: 'truncated' });
  });

  it('detects a rewritten chain that no longer matches its signed checkpoint', async () => {
    await h.checkpoints.checkpoint();
    await tamper(`UPDATE "audit_checkpoints" SET "hash" = sha256("hash")`);
    expect((await h.verifier.verify()).firstBad).toMatchObject({ seq: '20', problem: 'checkpoint-invalid' });
  });

  it('keeps verifying the chain as it grows past checkpoints', async () => {
    await h.checkpoints.checkpoint();
    for (let i = 21; i <= 30; i++) await h.audit.record(sampleEvent(i));
    await h.checkpoints.checkpoint();
    expect(await h.verifier.verify()).toMatchObject({ intact: true, lastSeq: '30', checkpointsChecked: 2 });
  });

  describe('incremental (since the last signed checkpoint)', () => {
    beforeEach(async () => {
      await h.checkpoints.checkpoint(); // covers 20
      for (let i = 21; i <= 25; i++) await h.audit.record(sampleEvent(i));
    });

    it('walks only the events after the checkpoint', async () => {
      expect(await h.verifier.verify({ sinceLastCheckpoint: true })).toMatchObject({
        intact: true,
        fromSeq: '21',
        eventsChecked: 5,
        lastSeq: '25',
      });
    });

    it('still catches a change after the checkpoint, and one at the checkpoint itself', async () => {
      await tamper(`UPDATE "audit_events" SET "type" = 'x.y' WHERE "seq" = 23`);
      expect((await h.verifier.verify({ sinceLastCheckpoint: true })).firstBad).toMatchObject({
        seq: '23',
        problem: 'modified',
      });
      await h.sql(`UPDATE "audit_events" SET "hash" = sha256("hash") WHERE "seq" = 20`);
      expect((await h.verifier.verify({ sinceLastCheckpoint: true })).firstBad).toMatchObject({
        seq: '20',
        problem: 'checkpoint-mismatch',
      });
    });

    it('catches a tail truncated below the checkpoint', async () => {
      await tamper(`DELETE FROM "audit_events" WHERE "seq" > 17`);
      expect((await h.verifier.verify({ sinceLastCheckpoint: true })).firstBad).toMatchObject({
        seq: '18',
        problem: 'truncated',
      });
    });
  });
});
