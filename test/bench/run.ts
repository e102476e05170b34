import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeBenchLeftovers } from './bench-temp.js';
import { formatTable, type BenchTable } from './table.js';

/**
 * `npm run bench [-- name…]`: runs every `*.bench.ts` in this folder (or those whose name contains
 * one of the arguments; an argument that is a whole bench name runs only that bench). Each exports `default async (): Promise<BenchTable[]>`. Tables go to
 * stdout as Markdown, ready for an issue note.
 */
const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const all = readdirSync(here);
/** A filter that is a bench's whole name (`http`) runs only that one; otherwise any name containing it. */
const matches = (file: string, filter: string) =>
  all.includes(`${filter}.bench.js`) ? file === `${filter}.bench.js` : file.includes(filter);
const files = all
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => !filters.length || filters.some((filter) => matches(name, filter)))
  .sort();

console.log(`Anamnesis benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
// Ctrl-C still removes the temp folders and databases (bench-temp.ts).
process.once('SIGINT', () => void removeBenchLeftovers().finally(() => process.exit(130)));
let failed = false;
try {
  for (const file of files) {
    const module = (await import(join(here, file))) as { default: () => Promise<BenchTable[]> };
    for (const table of await module.default()) console.log(formatTable(table));
  }
  if (!files.length) console.log('no benchmarks matched');
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await removeBenchLeftovers();
}
// Closed apps can leave library timers (job-queue polling, pool reapers) behind: do not wait for them.
process.exit(failed ? 1 : 0);
