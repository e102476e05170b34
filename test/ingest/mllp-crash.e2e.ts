import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/database/embedded-postgres.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { runDist, spawnDist, waitForOutput } from '../process/run-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { adt, waitFor } from './ingest-fixtures.js';

const TOTAL = 10_000;
const CONNECTIONS = 8;
/** Mid-stream: receipt, mapping and audit sequencing are all busy when the process dies. */
const KILL_AFTER = 3_000;

/** Streams `ids` over fresh connections; returns the ids answered AA (with their ACK) before any failure. */
async function stream(
  port: number,
  ids: string[],
  onAck?: (count: number) => void,
): Promise<Map<string, string>> {
  const acked = new Map<string, string>();
  const lanes = Array.from({ length: CONNECTIONS }, (_, lane) =>
    ids.filter((_, i) => i % CONNECTIONS === lane),
  );
  await Promise.all(
    lanes.map(async (lane) => {
      let client: MllpClient;
      try {
        client = await MllpClient.connect(port);
      } catch {
        return;
      }
      for (const id of lane) {
        try {
          const ack = await client.send(adt(id));
          if (parseHl7(ack).segment('MSA')!.field(1).value === 'AA') acked.set(id, ack.toString());
          onAck?.(acked.size);
        } catch {
          return; // the server died: this message got no ACK
        }
      }
      await client.close();
    }),
  );
  return acked;
}

describe('kill -9 while messages stream over MLLP', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'anamnesis-crash-'));
  });
  afterAll(() => db.drop());

  it('keeps every AA-acknowledged message exactly once, and resends of the rest create no duplicates', async () => {
    const mllpPort = await freePort();
    const env = {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      MLLP_PORT: String(mllpPort),
      LOG_LEVEL: 'info',
    };
    const ids = Array.from({ length: TOTAL }, (_, i) => `CRASH-${i}`);

    const first = spawnDist('main.js', env);
    await waitForOutput(first, 'MLLP listening', 60_000);
    let killed = false;
    const ackedBeforeKill = await stream(mllpPort, ids, (count) => {
      if (count >= KILL_AFTER && !killed) {
        killed = true;
        first.kill('SIGKILL');
      }
    });
    await new Promise((resolve) =>
      first.exitCode !== null || first.signalCode ? resolve(null) : first.once('exit', resolve),
    );
    expect(killed).toBe(true);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(ackedBeforeKill.size).toBeLessThan(TOTAL);

    const second = spawnDist('main.js', env);
    try {
      await waitForOutput(second, 'MLLP listening', 60_000);
      // The sender resends everything it has no ACK for, and (to be sure) a few it has.
      const missing = ids.filter((id) => !ackedBeforeKill.has(id));
      const resent = await stream(mllpPort, [...missing, ...[...ackedBeforeKill.keys()].slice(0, 50)]);
      for (const id of missing) expect(resent.has(id)).toBe(true);
      for (const id of [...ackedBeforeKill.keys()].slice(0, 50))
        expect(resent.get(id)).toBe(ackedBeforeKill.get(id));

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ control_id: string; n: number }>(
          `SELECT control_id, count(*)::int AS n FROM ingest_messages GROUP BY control_id`,
        );
        expect(rows).toHaveLength(TOTAL);
        expect(rows.every((row) => row.n === 1)).toBe(true);
        await waitFor(async () => {
          const { rows: left } = await client.query(
            `SELECT count(*)::int AS n FROM ingest_messages WHERE status <> 'processed'`,
          );
          return left[0].n === 0;
        }, 400_000);
        // Every stored message has exactly one receipt and one mapping event in the audit trail, even
        // those whose staged events the killed process never chained.
        await waitFor(async () => {
          const { rows: staged } = await client.query(`SELECT count(*)::int AS n FROM audit_pending`);
          return staged[0].n === 0;
        });
        const { rows: audit } = await client.query(`
          SELECT m.id,
                 count(*) FILTER (WHERE e.type = 'ingest.receive')::int AS received,
                 count(*) FILTER (WHERE e.type = 'ingest.process' AND e.outcome = 'success')::int AS processed
            FROM ingest_messages m
            LEFT JOIN (SELECT type, outcome, unnest(entity_ids) AS message_id FROM audit_events
                        WHERE type IN ('ingest.receive', 'ingest.process')) e ON e.message_id = m.id::text
           GROUP BY m.id`);
        expect(audit).toHaveLength(TOTAL);
        expect(audit.filter((row) => row.received !== 1 || row.processed !== 1)).toEqual([]);
        const verified = await runDist('cli/main.js', env, ['audit:verify']);
        expect(verified).toMatchObject({ code: 0 });
      } finally {
        await client.end();
      }
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) =>
        second.exitCode !== null ? resolve(null) : second.once('exit', resolve),
      );
    }
  }, 900_000);
});
