import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';

/**
 * The web client's API types (web/src/api/schema.d.ts, aliased by web/src/api/types.ts) are generated
 * from the committed openapi.json by openapi-typescript, the same command `npm run openapi:types`
 * runs; here it writes to stdout and the result must equal the committed file.
 */
describe('web API types', () => {
  it('match the committed openapi.json (run `npm run openapi:types` after `openapi:write`)', () => {
    const cli = join(
      createRequire(import.meta.url).resolve('openapi-typescript/package.json'),
      '..',
      'bin',
      'cli.js',
    );
    const generated = execFileSync(process.execPath, [cli, 'openapi.json'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed = readFileSync(join(PROJECT_ROOT, 'web/src/api/schema.d.ts'), 'utf8');
    expect(generated).toBe(committed);
  });
});
