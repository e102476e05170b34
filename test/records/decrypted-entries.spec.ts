import { DecryptedEntries, type VersionRow } from '../../src/records/decrypted-entries.js';
import type { EntryView } from '../../src/records/entry-view.js';

const row = (over: Partial<VersionRow> = {}): VersionRow => ({
  id: 'v1',
  patientId: 'p1',
  entryId: 'e1',
  version: 1,
  kind: 'note',
  occurredAtMs: 1_767_225_600_000,
  recordedById: 'u1',
  sourceMessageId: null,
  recordedAtMs: 1_767_225_600_500,
  ...over,
});
const view = (text: string, body: object = { text }) =>
  ({ id: 'e1', patientId: 'p1', kind: 'note', version: 1, body, text }) as unknown as EntryView;

describe('DecryptedEntries', () => {
  let clock = 0;
  const cache = (maxEntries = 10, ttlMs = 1_000) => new DecryptedEntries({ maxEntries, ttlMs }, () => clock);
  beforeEach(() => (clock = 0));

  it('serves a view only for exactly the row it was built from', () => {
    const c = cache();
    c.set(row(), view('Penicillin caused a rash'));
    expect(c.get(row())?.text).toBe('Penicillin caused a rash');
    // The same version row relabelled, renumbered, moved to another entry or patient, or any other
    // column changed: not served (and dropped).
    for (const changed of [
      { kind: 'document' as const },
      { version: 2 },
      { entryId: 'e2' },
      { patientId: 'p2' },
      { occurredAtMs: 0 },
      { recordedById: null },
      { sourceMessageId: 'm1' },
    ]) {
      c.set(row(), view('x'));
      expect(c.get(row(changed))).toBeUndefined();
      expect(c.get(row())).toBeUndefined();
    }
  });

  it('lets plaintext go after its time, least recently used first beyond the bound, and never with 0', () => {
    const c = cache(2, 1_000);
    c.set(row({ id: 'a' }), view('a'));
    c.set(row({ id: 'b' }), view('b'));
    c.get(row({ id: 'a' })); // a is now the most recently used
    c.set(row({ id: 'c' }), view('c'));
    expect(c.get(row({ id: 'b' }))).toBeUndefined();
    expect(c.get(row({ id: 'a' }))?.text).toBe('a');
    clock = 1_000;
    expect(c.get(row({ id: 'a' }))).toBeUndefined();
    expect(c.get(row({ id: 'c' }))).toBeUndefined();
    const off = cache(0);
    expect(off.set(row(), view('kept nowhere')).text).toBe('kept nowhere');
    expect(off.count()).toBe(0);
  });

  it('forgets one patient (erasure) or everyone (lost cluster connection)', () => {
    const c = cache();
    c.set(row({ id: 'a', patientId: 'p1' }), view('a'));
    c.set(row({ id: 'b', patientId: 'p2' }), view('b'));
    c.forget('p1');
    expect(c.count('p1')).toBe(0);
    expect(c.count('p2')).toBe(1);
    c.forget();
    expect(c.count()).toBe(0);
  });

  it('hands every reader the same deep-frozen view, so none can change what the next one reads', () => {
    const c = cache();
    const held = c.set(row(), view('x', { text: 'x', codes: [{ code: 'I10' }] }));
    const body = held.body as unknown as { codes: { code: string }[] };
    expect(() => (body.codes[0]!.code = 'E11')).toThrow(TypeError);
    expect(() => body.codes.push({ code: 'E11' })).toThrow(TypeError);
    expect(() => ((held as { text: string }).text = 'y')).toThrow(TypeError);
    expect(c.get(row())).toBe(held);
  });
});
