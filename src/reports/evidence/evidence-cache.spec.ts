import { toEvidence } from './evidence-entry.js';
import { EvidenceCache } from './evidence-cache.js';

const entries = [toEvidence({ id: 'e', kind: 'note', occurredAt: '2026-01-01', body: { text: 'x' } })];

describe('EvidenceCache', () => {
  it('serves only the same stamp, within the TTL', () => {
    const cache = new EvidenceCache(2, 1000);
    cache.set('p', 's1', entries, 0);
    expect(cache.get('p', 's1', 500)).toBe(entries);
    expect(cache.get('p', 's2', 500)).toBeUndefined();
    expect(cache.get('p', 's1', 600)).toBeUndefined(); // the stale stamp dropped it
    cache.set('p', 's1', entries, 0);
    expect(cache.get('p', 's1', 1001)).toBeUndefined();
  });

  it('keeps at most max patients, least recently used out first; forget drops at once', () => {
    const cache = new EvidenceCache(2, 1000);
    cache.set('a', 's', entries, 0);
    cache.set('b', 's', entries, 0);
    cache.get('a', 's', 1);
    cache.set('c', 's', entries, 2);
    expect(cache.get('b', 's', 3)).toBeUndefined();
    expect(cache.get('a', 's', 3)).toBe(entries);
    cache.forget('a');
    expect(cache.get('a', 's', 3)).toBeUndefined();
  });
});
