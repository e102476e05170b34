// Runs after `npm install`: generate the Prisma client, then the other build-time assets.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const run = (script, ...args) =>
  execFileSync(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });

run('prisma-generate.mjs');
run('build-web.mjs', '--if-needed');
// The default embedding model (src/embeddings/default-model), built into models/ only when missing.
run('build.mjs', '--if-needed', '--quiet');
run('../dist/embeddings/default-model/install-default-model.js');
