export interface ExpiringCacheLimits {
  /** Most values held (0: nothing is held). */
  maxEntries: number;
  /** How long a value may stay after it was set. */
  ttlMs: number;
  /** How often expired values are swept out (default: the ttl, at most a second). */
  sweepEveryMs?: number;
}

/**
 * Values in memory bounded in count (least recently used leave first) and in age. What expires
 * leaves memory actively: a sweep (an unref'd timer, running only while something is held) drops it
 * even if nobody asks again — for caches of secrets and plaintext (data keys, decrypted entries),
 * where the bound on time is the point. `onDrop` sees every value that leaves, however it leaves.
 */
export class ExpiringCache<V> {
  private readonly held = new Map<string, { value: V; expiresAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: ExpiringCacheLimits,
    private readonly onDrop: (value: V) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): V | undefined {
    const found = this.held.get(id);
    if (!found) return undefined;
    if (found.expiresAt <= this.now()) {
      this.delete(id);
      return undefined;
    }
    this.held.delete(id); // re-insert: Map order is the LRU order
    this.held.set(id, found);
    return found.value;
  }

  set(id: string, value: V): void {
    if (this.limits.maxEntries <= 0) return;
    this.delete(id);
    this.held.set(id, { value, expiresAt: this.now() + this.limits.ttlMs });
    while (this.held.size > this.limits.maxEntries) this.delete(this.held.keys().next().value!);
    this.sweeper ??= setInterval(
      () => this.sweep(),
      this.limits.sweepEveryMs ?? Math.min(this.limits.ttlMs, 1000),
    ).unref();
  }

  delete(id: string): void {
    const found = this.held.get(id);
    if (!found) return;
    this.held.delete(id);
    this.onDrop(found.value);
    if (this.held.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  /** Drops every value `drop` picks. */
  deleteWhere(drop: (id: string, value: V) => boolean): void {
    for (const [id, { value }] of [...this.held]) if (drop(id, value)) this.delete(id);
  }

  /** Drops every value whose time is up. */
  sweep(): void {
    const now = this.now();
    this.deleteWhere((id) => this.held.get(id)!.expiresAt <= now);
  }

  clear(): void {
    this.deleteWhere(() => true);
  }

  get size(): number {
    return this.held.size;
  }

  *values(): IterableIterator<V> {
    for (const { value } of this.held.values()) yield value;
  }
}
