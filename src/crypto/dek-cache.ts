import { ExpiringCache } from '../common/expiring-cache.js';

/**
 * Unwrapped data keys in memory, bounded in count and age (ExpiringCache: expired keys are swept out
 * even if nobody asks for them again), and every key dropped — evicted, expired, cleared — is
 * zeroed first (best effort: V8 may have copied it, which is why the bound on time matters more
 * than the wipe).
 */
export class DekCache {
  private readonly keys: ExpiringCache<Buffer>;

  constructor(
    maxEntries: number,
    ttlMs: number,
    now: () => number = Date.now,
    /** How often expired keys are swept out; at most the ttl, by default at most a second. */
    sweepEveryMs: number = Math.min(ttlMs, 1000),
  ) {
    this.keys = new ExpiringCache<Buffer>({ maxEntries, ttlMs, sweepEveryMs }, (key) => key.fill(0), now);
  }

  get(patientId: string, version: number): Buffer | undefined {
    const key = this.keys.get(`${patientId}:${version}`);
    return key && Buffer.from(key); // a copy: an eviction while the caller awaits must not zero it
  }

  set(patientId: string, version: number, key: Buffer): void {
    this.keys.set(`${patientId}:${version}`, Buffer.from(key));
  }

  evictPatient(patientId: string): void {
    this.keys.deleteWhere((id) => id.startsWith(`${patientId}:`));
  }

  /** Zeroes and drops every key whose time is up. */
  sweep(): void {
    this.keys.sweep();
  }

  clear(): void {
    this.keys.clear();
  }

  get size(): number {
    return this.keys.size;
  }
}
