// Compiles src/ (TypeScript) to dist/ with SWC. Type checking is `npm run typecheck`.
//   --if-needed  skip when dist/ is newer than every source file (npm start, npm run cli)
//   --quiet      print nothing on success
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const targets = [
  { from: 'src', to: 'dist' },
  { from: 'test/bench', to: 'dist-bench', extra: ['test/support'] },
];

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.ts$/.test(name) && !/\.(spec|e2e|d)\.ts$/.test(name)) yield path;
  }
}

function newestMtime(dirs) {
  let newest = 0;
  for (const dir of dirs)
    for (const file of walk(join(root, dir))) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

async function compile({ from, to, extra = [] }) {
  const stamp = join(root, to, '.build-stamp');
  const sources = [from, ...extra, ...(from === 'src' ? [] : ['src'])];
  if (!existsSync(join(root, from))) return false;
  if (args.has('--if-needed') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(sources))
    return false;
  const swc = await import('@swc/core');
  const options = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  // Bench sources import src/ by relative path, so they are compiled side by side under dist-bench.
  const roots = from === 'src' ? ['src'] : [from, ...extra, 'src'];
  for (const dir of roots) {
    for (const file of walk(join(root, dir))) {
      const rel = relative(from === 'src' ? join(root, 'src') : root, file).replace(/\.ts$/, '.js');
      const out = join(root, to, rel);
      const result = await swc.transformFile(file, {
        ...options,
        filename: file,
        sourceFileName: relative(dirname(out), file),
        swcrc: false,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, result.code + `\n//# sourceMappingURL=${rel.split('/').pop()}.map\n`);
      writeFileSync(out + '.map', result.map ?? '{}');
    }
  }
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (!existsSync(join(root, 'src/generated/prisma/client.ts')) && existsSync(join(root, 'prisma/schema'))) {
  execFileSync(process.execPath, [join(root, 'scripts/prisma-generate.mjs')], { stdio: 'inherit' });
}
const wanted = args.has('--bench') ? targets : targets.slice(0, 1);
for (const target of wanted) {
  const started = Date.now();
  if ((await compile(target)) && !quiet) console.log(`built ${target.to}/ in ${Date.now() - started} ms`);
}
// The web client (web/ → web/dist, Vite) is served by the app, so every app build refreshes it too.
if (!args.has('--bench')) {
  const flags = ['--if-needed', '--quiet'].filter((flag) => args.has(flag));
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs'), ...flags], { stdio: 'inherit' });
}
