import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The committed HL7 corpus (test/fixtures/hl7, sources and licences in its README). */
export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'hl7');

export interface CorpusFile {
  name: string;
  bytes: Buffer;
}

export function corpus(folder: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${entry}/`);
      else files.push({ name: `${prefix}${entry}`, bytes: readFileSync(path) });
    }
  };
  walk(join(CORPUS_DIR, folder), '');
  return files;
}
