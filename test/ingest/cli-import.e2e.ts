import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runDist } from '../process/run-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CORPUS_DIR } from './hl7-corpus.js';
import { adt } from './ingest-fixtures.js';

describe('npm run cli -- import FILE...', () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'anamnesis-import-'));
    env = { DATABASE_URL: db.url, DATA_DIR: dir, MLLP_PORT: '0', LOG_LEVEL: 'warn' };
  });
  afterAll(() => db.drop());

  it('imports batch files as jobs and prints a summary with reasons; a second run finds only duplicates', async () => {
    const file = join(dir, 'batch.hl7');
    // SIU is accepted (stored, not mapped); MFN is outside what the import accepts.
    const unsupported = adt('CLI-3').replace('ADT^A01^ADT_A01', 'MFN^M02^MFN_M02');
    writeFileSync(
      file,
      ['FHS|^~\\&', 'BHS|^~\\&', adt('CLI-1'), adt('CLI-2'), unsupported, 'BTS|3', 'FTS|1'].join('\n'),
    );
    const corpusBatch = join(CORPUS_DIR, 'batch', 'pyhl7_sample_file1.hl7');

    const first = await runDist('cli/main.js', env, ['import', '--no-progress', file, corpusBatch]);
    expect(first.stdout).toContain('messages 3, accepted 2, duplicates 0, quarantined/refused 1');
    expect(first.stdout).toMatch(/#3 AR: message type MFN\^M02 is not supported/);
    expect(first.stdout).toContain('messages 3, accepted 2, duplicates 1, quarantined/refused 0');
    expect(first.code).toBe(1);

    const again = await runDist('cli/main.js', env, ['import', '--no-progress', file]);
    expect(again.stdout).toContain('messages 3, accepted 0, duplicates 2, quarantined/refused 1');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT status, count(*)::int AS n FROM ingest_messages GROUP BY status ORDER BY status`,
    );
    const jobs = await client.query(`SELECT status, messages FROM ingest_import_jobs ORDER BY created_at`);
    await client.end();
    expect(rows).toEqual([
      { status: 'queued', n: 4 },
      { status: 'quarantined', n: 2 },
    ]);
    expect(jobs.rows).toEqual([
      { status: 'completed', messages: 3 },
      { status: 'completed', messages: 3 },
      { status: 'completed', messages: 3 },
    ]);
  }, 60_000);
});
