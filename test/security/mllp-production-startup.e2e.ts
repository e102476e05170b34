import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDist } from '../process/run-app.js';

/**
 * the deployment as an operator starts it: production MLLP refuses to start when
 * anyone who reaches the port could send (no client certificates, no network allow-list), and
 * refuses INGEST_ALLOWED_SENDERS, which trusts what senders write into MSH-3/MSH-4.
 */
describe('production MLLP without authenticated senders', () => {
  const production = {
    NODE_ENV: 'production',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'anamnesis-mllp-prod-')),
    KEK_BASE64: randomBytes(32).toString('base64'),
    DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
  };

  it('stops at start, naming client certificates and MLLP_ALLOWED_NETWORKS', async () => {
    const result = await runDist('main.js', production);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MLLP_TLS_CA_FILE: production MLLP needs authenticated senders');
    expect(result.stderr).toContain('MLLP_ALLOWED_NETWORKS');
  });

  it('stops at start on INGEST_ALLOWED_SENDERS, naming INGEST_SENDERS', async () => {
    const result = await runDist('main.js', {
      ...production,
      MLLP_ALLOWED_NETWORKS: '10.1.0.0/16',
      INGEST_ALLOWED_SENDERS: 'LAB|HOSP',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'INGEST_ALLOWED_SENDERS: INGEST_ALLOWED_SENDERS trusts what a sender writes',
    );
    expect(result.stderr).not.toContain('production MLLP needs authenticated senders');
  });
});
