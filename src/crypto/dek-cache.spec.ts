import { DekCache } from './dek-cache.js';

describe('DekCache', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new DekCache(2, 60_000);
    cache.set('a', 1, Buffer.from('ka'));
    cache.set('b', 1, Buffer.from('kb'));
    cache.get('a', 1);
    cache.set('c', 1, Buffer.from('kc'));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.toString()).toBe('ka');
  });

  it('forgets keys after the ttl', () => {
    let now = 0;
    const cache = new DekCache(10, 1000, () => now);
    cache.set('a', 1, Buffer.from('ka'));
    now = 999;
    expect(cache.get('a', 1)).toBeDefined();
    now = 2000;
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('hands out copies, so evicting (which zeroes) never corrupts a key in use', () => {
    const cache = new DekCache(1, 60_000);
    cache.set('a', 1, Buffer.from('ka'));
    const inUse = cache.get('a', 1)!;
    cache.evictPatient('a');
    expect(inUse.toString()).toBe('ka');
    expect(cache.size).toBe(0);
  });

  it('caches nothing when disabled', () => {
    const cache = new DekCache(0, 1000);
    cache.set('a', 1, Buffer.from('ka'));
    expect(cache.get('a', 1)).toBeUndefined();
  });
});
