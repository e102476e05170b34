import { DecryptedEntries, type VersionBinding } from '../../src/records/decrypted-entries.js';

const version = (over: Partial<VersionBinding> = {}): VersionBinding => ({
  id: 'v1',
  patientId: 'p1',
  entryId: 'e1',
  version: 1,
  kind: 'note',
  ...over,
});
const note = (text: string) => ({ body: { text }, text });

describe('DecryptedEntries', () => {
  let clock = 0;
  const cache = (maxEntries = 10, ttlMs = 1_000) => new DecryptedEntries({ maxEntries, ttlMs }, () => clock);
  beforeEach(() => (clock = 0));

  it('serves a version only for the binding it was decrypted under', () => {
    const c = cache();
    c.set(version(), note('Penicillin caused a rash'));
    expect(c.get(version())?.text).toBe('Penicillin caused a rash');
    // The same row id relabelled, renumbered, moved to another entry or patient: not served (and dropped).
    for (const changed of [{ kind: 'document' }, { version: 2 }, { entryId: 'e2' }, { patientId: 'p2' }]) {
      c.set(version(), note('x'));
      expect(c.get(version(changed))).toBeUndefined();
      expect(c.get(version())).toBeUndefined();
    }
  });

  it('lets plaintext go after its time, least recently used first beyond the bound, and never with 0', () => {
    const c = cache(2, 1_000);
    c.set(version({ id: 'a' }), note('a'));
    c.set(version({ id: 'b' }), note('b'));
    c.get(version({ id: 'a' })); // a is now the most recently used
    c.set(version({ id: 'c' }), note('c'));
    expect(c.get(version({ id: 'b' }))).toBeUndefined();
    expect(c.get(version({ id: 'a' }))?.text).toBe('a');
    clock = 1_000;
    expect(c.get(version({ id: 'a' }))).toBeUndefined();
    expect(c.get(version({ id: 'c' }))).toBeUndefined();
    const off = cache(0);
    expect(off.set(version(), note('kept nowhere')).text).toBe('kept nowhere');
    expect(off.count()).toBe(0);
  });

  it('forgets one patient (erasure) or everyone (lost cluster connection)', () => {
    const c = cache();
    c.set(version({ id: 'a', patientId: 'p1' }), note('a'));
    c.set(version({ id: 'b', patientId: 'p2' }), note('b'));
    c.forget('p1');
    expect(c.count('p1')).toBe(0);
    expect(c.count('p2')).toBe(1);
    c.forget();
    expect(c.count()).toBe(0);
  });

  it('hands every reader the same deep-frozen body, so none can change what the next one reads', () => {
    const c = cache();
    const held = c.set(version(), { body: { text: 'x', codes: [{ code: 'I10' }] } as never, text: 'x' });
    const body = held.body as unknown as { codes: { code: string }[] };
    expect(() => (body.codes[0]!.code = 'E11')).toThrow(TypeError);
    expect(() => body.codes.push({ code: 'E11' })).toThrow(TypeError);
    expect(c.get(version())?.body).toBe(held.body);
  });
});
