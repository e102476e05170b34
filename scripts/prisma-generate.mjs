// `prisma generate` offline: the CLI insists on a schema-engine binary path even though generate
// never runs it (DESIGN.md), so point it at a harmless file when none is configured.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('prisma/build/index.js');
} catch {
  if (existsSync(join(root, 'src/generated/prisma/client.ts'))) process.exit(0);
  console.error('prisma CLI is not installed and src/generated/prisma is missing: run a full `npm install`.');
  process.exit(1);
}
execFileSync(process.execPath, [cli, 'generate', '--no-hints'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...process.env },
});
