// `nest build` (SWC, nest-cli.json) compiles src/ to dist/; this script adds what the Nest CLI does not:
//   --if-needed  skip the compile when dist/ is newer than every source file (npm start, npm run cli)
//   --quiet      print nothing on success
//   --bench      compile test/bench (with test/support and src/) to dist-bench/ for `npm run bench`
// and, for every app build, the web client (scripts/build-web.mjs). Type checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const require = createRequire(import.meta.url);

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.ts$/.test(name) && !/\.(spec|e2e|d)\.ts$/.test(name)) yield path;
  }
}

function isFresh(stamp, dirs) {
  if (!args.has('--if-needed') || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  for (const dir of dirs)
    for (const file of walk(join(root, dir))) if (statSync(file).mtimeMs > built) return false;
  for (const file of ['nest-cli.json', '.swcrc'])
    if (statSync(join(root, file)).mtimeMs > built) return false;
  return true;
}

function nestBuild() {
  const stamp = join(root, 'dist', '.build-stamp');
  if (isFresh(stamp, ['src'])) return;
  const started = Date.now();
  const nest = join(dirname(require.resolve('@nestjs/cli/package.json')), 'bin', 'nest.js');
  try {
    // --quiet: the Nest CLI reports success on stderr too, so its output is shown for a failure only.
    execFileSync(process.execPath, [nest, 'build'], { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  } catch (error) {
    if (quiet) process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
  if (!quiet) console.log(`built dist/ in ${Date.now() - started} ms`);
}

/** Bench sources import src/ and test/support by relative path: compiled side by side under dist-bench. */
async function benchBuild() {
  const stamp = join(root, 'dist-bench', '.build-stamp');
  const dirs = ['test/bench', 'test/support', 'src'];
  if (isFresh(stamp, dirs)) return;
  const started = Date.now();
  const swc = await import('@swc/core');
  const options = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  for (const dir of dirs) {
    for (const file of walk(join(root, dir))) {
      const rel = relative(root, file).replace(/\.ts$/, '.js');
      const out = join(root, 'dist-bench', rel);
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
  if (!quiet) console.log(`built dist-bench/ in ${Date.now() - started} ms`);
}

if (!existsSync(join(root, 'src/generated/prisma/client.ts')) && existsSync(join(root, 'prisma/schema'))) {
  execFileSync(process.execPath, [join(root, 'scripts/prisma-generate.mjs')], { stdio: 'inherit' });
}
if (args.has('--bench')) {
  await benchBuild();
} else {
  nestBuild();
  // The web client (web/ → web/dist, Vite) is served by the app, so every app build refreshes it too.
  const flags = ['--if-needed', '--quiet'].filter((flag) => args.has(flag));
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs'), ...flags], { stdio: 'inherit' });
}
