// Builds the React client (web/) into web/dist with Vite; the backend serves it (src/web/).
//   --if-needed  skip when web/dist is newer than every web source file (npm install, npm start)
//   --quiet      print nothing on success
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const stamp = join(dist, '.build-stamp');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function newestSource() {
  const files = [...walk(join(web, 'src')), join(web, 'index.html'), join(web, 'vite.config.ts')];
  return Math.max(...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

if (!existsSync(join(web, 'index.html'))) process.exit(0);
if (args.has('--if-needed') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource())
  process.exit(0);

const started = Date.now();
// Always a production bundle: Vite takes React's build flavour from NODE_ENV, which is `test` when
// jest's global setup builds the client (a development bundle double-runs effects and is 3x larger).
process.env.NODE_ENV = 'production';
const vite = await import('vite').catch(() => undefined);
if (!vite) {
  // A production install (--omit=dev) has no Vite: serve the web/dist that was built with the app.
  console.warn(`web client: Vite is not installed; ${existsSync(dist) ? 'keeping' : 'no'} web/dist`);
  process.exit(0);
}
const { build } = vite;
await build({
  root: web,
  mode: 'production',
  configFile: join(web, 'vite.config.ts'),
  logLevel: quiet ? 'error' : 'warn',
});
writeFileSync(stamp, new Date().toISOString());
if (!quiet) {
  const assets = [...walk(join(dist, 'assets'))];
  const size = (ext) =>
    assets.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
  console.log(
    `built web/dist/ in ${Date.now() - started} ms (JS ${(size('.js') / 1024).toFixed(1)} KiB gzipped, CSS ${(size('.css') / 1024).toFixed(1)} KiB gzipped)`,
  );
}
