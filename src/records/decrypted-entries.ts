import type { EntryBody } from './entry-kinds.js';

/** What decrypting one entry version gave: its body (deep-frozen: shared by every reader) and its text. */
export interface DecryptedEntry {
  body: EntryBody;
  text: string;
}

/** What a version's body is bound to (its AAD place and key owner): a cached copy serves only the same. */
export interface VersionBinding {
  /** The entry_versions row id. */
  id: string;
  patientId: string;
  entryId: string;
  version: number;
  kind: string;
}

export interface DecryptedEntryLimits {
  /** Most versions held (0: nothing is cached). */
  maxEntries: number;
  /** How long a decrypted version may stay in memory after it was decrypted. */
  ttlMs: number;
}

interface Held extends DecryptedEntry {
  binding: string;
  patientId: string;
  expiresAt: number;
}

/**
 * Decrypted entry versions kept in memory between reads, so a timeline page that was read a moment
 * ago is not decrypted (and its ciphertext not fetched) again. Sound without any invalidation
 * message for content: a version row is never updated (a trigger refuses it), so a version id
 * decrypts to the same body for ever — the database still says, on every read, which versions are
 * current and who may see them; only the decryption is reused. A hit must match the whole binding
 * the ciphertext's AAD carries (patient, entry, version number, kind), so a row relabelled or moved
 * under another patient is decrypted again (and fails as it would have).
 *
 * Plaintext leaves memory like the data keys it came from (`PatientKeysService.onForget`): the
 * patient's versions on erasure here or on another node (crypto-shredding), everything when the
 * node loses its cluster connection; and on its own after `ttlMs` (swept, even if never asked for
 * again), least recently used first beyond `maxEntries`.
 */
export class DecryptedEntries {
  private readonly held = new Map<string, Held>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: DecryptedEntryLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get(version: VersionBinding): DecryptedEntry | undefined {
    const found = this.held.get(version.id);
    if (!found) return undefined;
    if (found.binding !== bindingOf(version) || found.expiresAt <= this.now()) {
      this.held.delete(version.id);
      return undefined;
    }
    this.held.delete(version.id); // re-insert: Map order is the LRU order
    this.held.set(version.id, found);
    return found;
  }

  set(version: VersionBinding, decrypted: DecryptedEntry): DecryptedEntry {
    const frozen = { body: deepFreeze(decrypted.body), text: decrypted.text };
    if (this.limits.maxEntries <= 0) return frozen;
    this.held.delete(version.id);
    this.held.set(version.id, {
      ...frozen,
      binding: bindingOf(version),
      patientId: version.patientId,
      expiresAt: this.now() + this.limits.ttlMs,
    });
    while (this.held.size > this.limits.maxEntries) this.held.delete(this.held.keys().next().value!);
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(this.limits.ttlMs, 10_000)).unref();
    return frozen;
  }

  /** Drops a patient's versions (erasure), or every version (`undefined`). */
  forget(patientId?: string): void {
    if (patientId === undefined) this.held.clear();
    else for (const [id, held] of this.held) if (held.patientId === patientId) this.held.delete(id);
    this.stopSweepingIfEmpty();
  }

  /** How many versions are held (of one patient). */
  count(patientId?: string): number {
    if (patientId === undefined) return this.held.size;
    let n = 0;
    for (const held of this.held.values()) if (held.patientId === patientId) n += 1;
    return n;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, held] of this.held) if (held.expiresAt <= now) this.held.delete(id);
    this.stopSweepingIfEmpty();
  }

  private stopSweepingIfEmpty(): void {
    if (this.held.size > 0 || !this.sweeper) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

const bindingOf = (v: VersionBinding) => `${v.patientId}/${v.entryId}/${v.version}/${v.kind}`;

/** Readers share a cached body: none may change it (a change throws in strict-mode code). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
