import { PatientCorpus } from './patient-corpus.js';
import { PatientCorpusCache } from './patient-corpus-cache.js';

const corpusOf = (size: number) =>
  new PatientCorpus(
    Array.from({ length: size }, (_, i) => ({
      id: `e${i}`,
      kind: 'note',
      occurredAt: new Date(0),
      text: 'x',
    })),
  );

describe('PatientCorpusCache', () => {
  let clock = 0;
  const cache = () => new PatientCorpusCache({ maxEntries: 10, ttlMs: 1000 }, () => clock);
  let builds = 0;
  const build = (size: number) => async () => {
    builds++;
    return corpusOf(size);
  };
  beforeEach(() => {
    clock = 0;
    builds = 0;
  });

  it('reuses a corpus within its time-to-live, then rebuilds it', async () => {
    const c = cache();
    await c.get('p1', 'm', build(3));
    await c.get('p1', 'm', build(3));
    expect(builds).toBe(1);
    clock = 1000;
    await c.get('p1', 'm', build(3));
    expect(builds).toBe(2);
  });

  it('rebuilds when the version changes (a write, an embedding, another model)', async () => {
    const c = cache();
    await c.get('p1', 'm1', build(3));
    await c.get('p1', 'm2', build(3));
    expect(builds).toBe(2);
    expect(c.size).toEqual({ patients: 1, entries: 3 });
  });

  it('evicts the least recently used patients beyond the entry bound', async () => {
    const c = cache();
    await c.get('p1', 'm', build(4));
    await c.get('p2', 'm', build(4));
    await c.get('p1', 'm', build(4));
    await c.get('p3', 'm', build(4));
    expect(c.size).toEqual({ patients: 2, entries: 8 });
    await c.get('p1', 'm', build(4));
    expect(builds).toBe(3);
    await c.get('p2', 'm', build(4));
    expect(builds).toBe(4);
  });

  it('drops a patient on invalidate and never holds a corpus over the bound', async () => {
    const c = cache();
    await c.get('p1', 'm', build(3));
    c.invalidate('p1');
    expect(c.size.patients).toBe(0);
    await c.get('big', 'm', build(11));
    expect(c.size.patients).toBe(0);
  });
});
