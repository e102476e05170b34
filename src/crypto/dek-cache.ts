/**
 * Unwrapped data keys in memory, bounded in count and age. Evicted keys are zeroed (best effort:
 * V8 may have copied them, which is why the bound on time matters more than the wipe).
 */
export class DekCache {
  private readonly entries = new Map<string, { key: Buffer; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
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
  }

  evictPatient(patientId: string): void {
    for (const id of [...this.entries.keys()]) if (id.startsWith(`${patientId}:`)) this.drop(id);
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
  }
}
