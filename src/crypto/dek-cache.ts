/**
 * Unwrapped data keys in memory, bounded in count and age. Keys leave memory actively: a sweep
 * (an unref'd timer, running only while something is cached) drops expired keys even if nobody
 * asks for them again, and every key dropped — evicted, expired, cleared — is zeroed first (best
 * effort: V8 may have copied it, which is why the bound on time matters more than the wipe).
 */
export class DekCache {
  private readonly entries = new Map<string, { key: Buffer; expiresAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** How often expired keys are swept out; at most the ttl, by default at most a second. */
    private readonly sweepEveryMs: number = Math.min(ttlMs, 1000),
  ) {}

  get(patientId: string, version: number): Buffer | undefined {
    const id = `${patientId}:${version}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(id);
      return undefined;
    }
    this.entries.delete(id); // re-insert: Map order is the LRU order
    this.entries.set(id, entry);
    return Buffer.from(entry.key); // a copy: an eviction while the caller awaits must not zero it
  }

  set(patientId: string, version: number, key: Buffer): void {
    if (this.maxEntries <= 0) return;
    const id = `${patientId}:${version}`;
    this.drop(id);
    this.entries.set(id, { key: Buffer.from(key), expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.drop(this.entries.keys().next().value!);
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepEveryMs).unref();
  }

  evictPatient(patientId: string): void {
    for (const id of [...this.entries.keys()]) if (id.startsWith(`${patientId}:`)) this.drop(id);
  }

  /** Zeroes and drops every key whose time is up. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of [...this.entries]) if (entry.expiresAt <= now) this.drop(id);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(id: string): void {
    this.entries.get(id)?.key.fill(0);
    this.entries.delete(id);
    if (this.entries.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
