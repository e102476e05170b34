import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Audit events are built in one place: `auditEvent()` (src/audit/audit-event.ts) or a PatientScope
 * derive action and entity type from the closed list AUDIT_EVENT_TYPES, so no module outside
 * src/audit spells an audit action or hands the audit service an object literal of its own.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const AUDIT = join(SRC, 'audit');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' || path === AUDIT ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

describe('audit events outside src/audit', () => {
  it('spell no audit action (`action: ...` literals)', () => {
    const spelling = files.filter((f) => /\baction\??:\s*['"]/.test(f.text)).map((f) => f.path);
    expect(spelling).toEqual([]);
  });

  it('hand the audit service no object literal (record, recordMany, stage take built events)', () => {
    const handBuilt = files
      .filter((f) => /\baudit\s*\.\s*(record|recordMany|stage)\(\s*\[?\s*\{/.test(f.text))
      .map((f) => f.path);
    expect(handBuilt).toEqual([]);
  });
});
