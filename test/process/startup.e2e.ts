import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { finished, PROCESS_TEST_TIMEOUT_MS, runDist, spawnDist, waitForOutput } from './run-app.js';

jest.setTimeout(PROCESS_TEST_TIMEOUT_MS);

describe('starting the server (a real process)', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'anamnesis-start-'));
  });
  afterAll(() => db.drop());

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    MLLP_PORT: '0',
    ...extra,
  });

  it('stops on a bad variable and names it', async () => {
    const result = await runDist('main.js', env({ PORT: 'eighty' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
  });

  it('stops when PostgreSQL is unreachable, naming the host, without a stack trace', async () => {
    const result = await runDist(
      'main.js',
      env({ DATABASE_URL: 'postgresql://postgres:secret-pw@127.0.0.1:1/nowhere' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:1/nowhere');
    expect(result.stderr).not.toContain('secret-pw');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops when DATA_DIR cannot be written', async () => {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    const result = await runDist('main.js', { DATA_DIR: join(file, 'below'), MLLP_PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not writable');
  });

  it('refuses generated keys and the embedded database in production', async () => {
    const result = await runDist('main.js', { NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KEK_FILE');
    expect(result.stderr).toContain('DATABASE_URL');
  });

  describe('with a port taken', () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it('says the port is in use', async () => {
      const result = await runDist('main.js', env({ PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} is already in use`);
    });
  });

  it('serves health, then shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnDist('main.js', env({ PORT: String(port) }));
    const done = finished(child);
    await waitForOutput(child, 'no users yet');
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('shutting down');
    // JSON lines when stdout is not a terminal; the listening line is not buried under Nest's route map.
    const lines = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; req?: { path: string } });
    expect(lines.findIndex((line) => line.msg.startsWith('Anamnesis listening'))).toBeLessThan(15);
    expect(lines.some((line) => line.msg.startsWith('Mapped {'))).toBe(false);
    expect(lines.some((line) => line.req?.path === '/api/health')).toBe(false);
    // The first-administrator hint reaches the same database and keys as this server.
    const hint = lines.find((line) => line.msg.startsWith('no users yet'))!.msg;
    expect(hint).toContain(`DATA_DIR=${dataDir} npm run cli -- users:create`);
    expect(hint).toContain("with this server's DATABASE_URL");
  });

  it('finishes a request that is in flight when SIGTERM arrives', async () => {
    const port = await freePort();
    const child = spawnDist('main.js', env({ PORT: String(port) }));
    const done = finished(child);
    await waitForOutput(child, 'Anamnesis listening');
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    // Half a request body, then the signal, then the rest: the reply must still come back.
    socket.write(
      'POST /api/no-such-route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n{"a":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    await waitForOutput(child, 'shutting down');
    socket.end('"12345"}');
    await closed;
    expect(response).toMatch(/^HTTP\/1.1 404/);
    expect((await done).code).toBe(0);
  });
});
