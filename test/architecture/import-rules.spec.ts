import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The module layering as a test (no database): the ground floor imports no domain module, domain
 * modules form no import loop, and only records (and crypto) know how an entry body is stored.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const IMPORT = /(?:from|import)\s+'(\.{1,2}\/[^']+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const moduleOf = (path: string) => relative(SRC, path).split(sep)[0]!;
const files = sources(SRC).map((path) => ({
  path,
  module: moduleOf(path),
  text: readFileSync(path, 'utf8'),
}));
const edges = new Map<string, Map<string, string[]>>();
for (const file of files) {
  for (const [, target] of file.text.matchAll(IMPORT)) {
    const to = moduleOf(resolve(dirname(file.path), target!));
    if (to === file.module || to.endsWith('.ts') || to === 'generated') continue;
    const out = edges.get(file.module) ?? new Map<string, string[]>();
    out.set(to, [...(out.get(to) ?? []), relative(SRC, file.path)]);
    edges.set(file.module, out);
  }
}

/**
 * Loops that exist today, each through one or two files: listed so that a new loop fails, and this
 * list only shrinks. access<->audit: audit/review/audit-query.service.ts opens break-glass reasons
 * (access/break-glass-reason.ts); audit<->crypto: the same file's FieldCipher; config<->crypto:
 * config/key-checks.ts; config<->ingest: config/config.schema.ts; database<->jobs: JOBS_SCHEMA.
 */
const KNOWN_LOOPS = new Set([
  'access<->audit',
  'audit<->crypto',
  'config<->crypto',
  'config<->ingest',
  'database<->jobs',
]);

describe('module layering', () => {
  it('common/ (the ground floor) imports no domain module', () => {
    expect([...(edges.get('common')?.keys() ?? [])]).toEqual([]);
  });

  it('no two modules import each other (beyond the known list)', () => {
    const loops: string[] = [];
    for (const [from, targets] of edges)
      for (const to of targets.keys())
        if (from < to && edges.get(to)?.has(from) && !KNOWN_LOOPS.has(`${from}<->${to}`))
          loops.push(`${from}<->${to}: ${targets.get(to)![0]} / ${edges.get(to)!.get(from)![0]}`);
    expect(loops).toEqual([]);
  });

  it('the known list holds only loops that still exist (remove one when it is broken)', () => {
    for (const loop of KNOWN_LOOPS) {
      const [a, b] = loop.split('<->') as [string, string];
      expect({ loop, exists: !!(edges.get(a)?.has(b) && edges.get(b)?.has(a)) }).toEqual({
        loop,
        exists: true,
      });
    }
  });

  it('only records and crypto know how an entry body is stored (read through the records read port)', () => {
    const knowing = files
      .filter((f) => !['records', 'crypto'].includes(f.module))
      .filter((f) => /"entry_versions"|ENTRY_BODY\(|sealField\(|openField\(/.test(f.text))
      .map((f) => relative(SRC, f.path));
    expect(knowing).toEqual([]);
  });

  it('retrieval does not drive the embedding worker (records announce writes, embeddings subscribe)', () => {
    const importers = files
      .filter((f) => f.module !== 'embeddings' && f.text.includes('embedding-refresh.worker'))
      .map((f) => relative(SRC, f.path));
    expect(importers).toEqual([]);
  });
});
