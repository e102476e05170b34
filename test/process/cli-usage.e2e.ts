import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { PROCESS_TEST_TIMEOUT_MS, runDist } from './run-app.js';

jest.setTimeout(PROCESS_TEST_TIMEOUT_MS);

/** What a person meets at the command line before any database is involved. */
describe('the CLI for a person at a terminal (a real process)', () => {
  const env = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runDist('cli/main.js', env, ['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('marks required options in a command help', async () => {
    const result = await runDist('cli/main.js', env, ['careteam:add', '--help']);
    expect(result.code).toBe(0);
    const flat = result.stdout.replace(/\s+/g, ' ');
    expect(flat).toMatch(/--user <email> the clinician or nurse \(required\)/);
    expect(flat).toMatch(/--patient <mrn> the patient's MRN \(required\)/);
    expect(flat).not.toMatch(/--until <iso-date>[^-]*\(required\)/);
  });

  it('answers a missing import file with one line, no stack trace', async () => {
    const result = await runDist('cli/main.js', env, ['import', '/nonexistent.hl7']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('anamnesis: /nonexistent.hl7: no such file or directory\n');
  });
});
