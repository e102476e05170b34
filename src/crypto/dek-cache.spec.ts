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

describe('DekCache: keys leave memory when they expire', () => {
  /** The cache's own buffer for a key (tests only): what a heap dump would show. */
  const inside = (cache: DekCache) =>
    (cache as unknown as { keys: { held: Map<string, { value: Buffer }>; sweeper?: unknown } }).keys;
  const stored = (cache: DekCache, id: string) => inside(cache).held.get(id)?.value;

  it('sweeps expired keys without anyone reading them, zeroing their buffers', () => {
    let now = 0;
    const cache = new DekCache(10_000, 1000, () => now);
    for (let i = 0; i < 100; i++) cache.set(`p${i}`, 1, Buffer.alloc(32, 0xab));
    const held = stored(cache, 'p0:1')!;
    now = 1500;
    cache.sweep();
    expect(cache.size).toBe(0);
    expect(held.equals(Buffer.alloc(32))).toBe(true);
  });

  it('runs the sweep on its own timer, and stops the timer once empty', async () => {
    const cache = new DekCache(10, 50, Date.now, 20);
    cache.set('a', 1, Buffer.alloc(32, 1));
    const held = stored(cache, 'a:1')!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cache.size).toBe(0);
    expect(held.every((byte) => byte === 0)).toBe(true);
    expect(inside(cache).sweeper).toBeUndefined();
  });

  it('zeroes the buffers it evicts (over the bound) and clears', () => {
    const cache = new DekCache(1, 60_000);
    cache.set('a', 1, Buffer.alloc(32, 1));
    const first = stored(cache, 'a:1')!;
    cache.set('b', 1, Buffer.alloc(32, 2));
    expect(first.every((byte) => byte === 0)).toBe(true);
    const second = stored(cache, 'b:1')!;
    cache.clear();
    expect(second.every((byte) => byte === 0)).toBe(true);
    expect(cache.size).toBe(0);
  });
});
