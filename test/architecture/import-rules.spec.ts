import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The module layering as a test (no database): every module sits in a layer and imports only modules
 * of lower layers (so there is no import loop), the ground floor imports no domain module, and only
 * records (and crypto) know how an entry body is stored. The layer order is src/common/README.md's.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const IMPORT = /(?:from|import)\s+'(\.{1,2}\/[^']+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') && !/\.(spec|e2e)\.ts$/.test(name) ? [path] : [];
  });
}

/** A folder under src/, or ROOT for the composition root (main.ts, app.module.ts, app-config.ts …). */
const ROOT = '(root)';
const moduleOf = (path: string) => {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? ROOT : parts[0]!;
};
const files = sources(SRC).map((path) => ({
  path,
  module: moduleOf(path),
  text: readFileSync(path, 'utf8'),
}));
const edges = new Map<string, Map<string, string[]>>();
for (const file of files) {
  for (const [, target] of file.text.matchAll(IMPORT)) {
    const to = moduleOf(resolve(dirname(file.path), target!));
    if (to === file.module || to === 'generated') continue;
    const out = edges.get(file.module) ?? new Map<string, string[]>();
    out.set(to, [...(out.get(to) ?? []), relative(SRC, file.path)]);
    edges.set(file.module, out);
  }
}

/** Lowest first; a module imports only modules of lower layers. A new module must be placed here. */
const LAYERS: string[][] = [
  ['common', 'config', 'terminology', 'openapi'],
  ['database'],
  ['cluster', 'jobs', 'health'],
  ['audit'],
  ['crypto'],
  ['access'],
  ['patients', 'auth'],
  ['records', 'users'],
  ['embeddings'],
  ['retrieval'],
  ['reports'],
  ['ingest', 'web'],
  ['demo'],
  [ROOT],
  ['cli'],
];
const layerOf = new Map(LAYERS.flatMap((modules, layer) => modules.map((m) => [m, layer] as const)));

describe('module layering', () => {
  it('common/ (the ground floor) imports no domain module', () => {
    expect([...(edges.get('common')?.keys() ?? [])]).toEqual([]);
  });

  it('every module under src/ has a layer', () => {
    const modules = new Set([
      ...files.map((f) => f.module),
      ...[...edges.values()].flatMap((out) => [...out.keys()]),
    ]);
    expect([...modules].filter((m) => !layerOf.has(m))).toEqual([]);
  });

  it('no module imports a module of its own or a higher layer (so no import loop)', () => {
    const upward: string[] = [];
    for (const [from, targets] of edges)
      for (const [to, importers] of targets)
        if ((layerOf.get(to) ?? Infinity) >= (layerOf.get(from) ?? -1))
          upward.push(`${from} -> ${to}: ${importers[0]}`);
    expect(upward).toEqual([]);
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
