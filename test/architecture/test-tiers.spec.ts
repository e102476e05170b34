import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The test tiers (jest.config.js): `*.spec.ts` is the unit tier, which runs without PostgreSQL (no
 * global setup starts one), so a spec must not reach for the database helpers; a test that needs
 * PostgreSQL, a server or a browser is an `*.e2e.ts`.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATABASE_HELPERS =
  /from '[^']*\/(test-database|test-app|factories|web-seed|audit-harness|embedded-postgres)\.js'/;

function specs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : specs(path);
    return name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('test tiers', () => {
  it('no unit spec (*.spec.ts) uses the database helpers (that is an *.e2e.ts)', () => {
    const needingDatabase = [...specs(join(ROOT, 'src')), ...specs(join(ROOT, 'test'))]
      .filter((path) => DATABASE_HELPERS.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path));
    expect(needingDatabase).toEqual([]);
  });
});
