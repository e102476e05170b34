import { jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { PROCESS_TEST_TIMEOUT_MS, runDist } from './run-app.js';

jest.setTimeout(PROCESS_TEST_TIMEOUT_MS);

describe('npm run cli (a real process)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'anamnesis-cli-')) };
  });
  afterAll(() => db.drop());

  const storedUser = async (email: string) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT email, role, password_hash FROM users WHERE email = $1', [
      email,
    ]);
    await client.end();
    return rows[0] as { email: string; role: string; password_hash: string | null } | undefined;
  };

  it('users:create stores a lower-cased user with an argon2id hash read from stdin', async () => {
    const result = await runDist(
      'cli/main.js',
      env,
      ['users:create', '--email', 'First.Admin@Hospital.test', '--role', 'admin', '--password-stdin'],
      'a long enough passphrase\n',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created admin first.admin@hospital.test');
    const user = await storedUser('first.admin@hospital.test');
    expect(user?.role).toBe('admin');
    expect(user?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a duplicate email, an unknown role and a short password with clear messages', async () => {
    const duplicate = await runDist('cli/main.js', env, [
      'users:create',
      '--email',
      'FIRST.ADMIN@hospital.test',
      '--role',
      'nurse',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const role = await runDist('cli/main.js', env, [
      'users:create',
      '--email',
      'x@hospital.test',
      '--role',
      'superuser',
    ]);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain('must be one of');
    const short = await runDist(
      'cli/main.js',
      env,
      ['users:create', '--email', 'y@hospital.test', '--role', 'nurse', '--password-stdin'],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
    expect(await storedUser('y@hospital.test')).toBeUndefined();
  });

  it('db:migrate is idempotent', async () => {
    const result = await runDist('cli/main.js', env, ['db:migrate']);
    expect(result.code).toBe(0);
  });
});
