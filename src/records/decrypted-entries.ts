import { ExpiringCache } from '../common/expiring-cache.js';
import type { EntryKind } from './entry-kinds.js';
import type { EntryView } from './entry-view.js';

/** A current entry version as the read port reads it: every column but the ciphertext. */
export interface VersionRow {
  /** The entry_versions row id. */
  id: string;
  entryId: string;
  patientId: string;
  version: number;
  kind: EntryKind;
  occurredAtMs: number;
  recordedById: string | null;
  sourceMessageId: string | null;
  recordedAtMs: number;
}

export interface DecryptedEntryLimits {
  /** Most versions held (0: nothing is held). */
  maxEntries: number;
  /** How long a decrypted version may stay in memory after it was decrypted. */
  ttlMs: number;
}

interface Held {
  view: EntryView;
  /** The row the view was built from, every column: a hit must match it exactly. */
  row: string;
  patientId: string;
}

/**
 * Decrypted entry versions kept in memory between reads, as the views built from them, so a
 * timeline page read a moment ago is neither fetched as ciphertext nor decrypted (nor its views
 * rebuilt and serialised: `entry-json.ts`) again. Sound without any invalidation message for
 * content: a version row is never updated (a trigger refuses it), so a version id decrypts to the
 * same body for ever — the database still says, on every read, which versions are current and who
 * may see them; only the decryption is reused. A hit must match the whole row the view was built
 * from — the binding the ciphertext's AAD carries (patient, entry, version number, kind) and every
 * other column — so a row relabelled or moved under another patient is decrypted again (and fails
 * as it would have).
 *
 * Plaintext leaves memory like the data keys it came from (`PatientKeysService.onForget`): the
 * patient's versions on erasure here or on another node (crypto-shredding), everything when the
 * node loses its cluster connection; and on its own after `ttlMs` (swept, even if never asked for
 * again), least recently used first beyond `maxEntries` (ExpiringCache). Held views are
 * deep-frozen: every reader shares them.
 */
export class DecryptedEntries {
  private readonly held: ExpiringCache<Held>;

  constructor(limits: DecryptedEntryLimits, now: () => number = Date.now) {
    this.held = new ExpiringCache<Held>(
      { ...limits, sweepEveryMs: Math.min(limits.ttlMs, 10_000) },
      undefined,
      now,
    );
  }

  /** The view held for exactly this row, if any. */
  get(row: VersionRow): EntryView | undefined {
    const found = this.held.get(row.id);
    if (!found) return undefined;
    if (found.row === rowKey(row)) return found.view;
    this.held.delete(row.id);
    return undefined;
  }

  /** Holds the view built from `row` (deep-frozen, also when nothing is held) and returns it. */
  set(row: VersionRow, view: EntryView): EntryView {
    deepFreeze(view);
    this.held.set(row.id, { view, row: rowKey(row), patientId: row.patientId });
    return view;
  }

  /** Drops a patient's versions (erasure), or every version (`undefined`). */
  forget(patientId?: string): void {
    if (patientId === undefined) this.held.clear();
    else this.held.deleteWhere((_, held) => held.patientId === patientId);
  }

  /** How many versions are held (of one patient). */
  count(patientId?: string): number {
    if (patientId === undefined) return this.held.size;
    return [...this.held.values()].filter((held) => held.patientId === patientId).length;
  }
}

const rowKey = (r: VersionRow) =>
  `${r.patientId}/${r.entryId}/${r.version}/${r.kind}/${r.occurredAtMs}/${r.recordedAtMs}/${r.recordedById}/${r.sourceMessageId}`;

/** Readers share a held view: none may change it (a change throws in strict-mode code). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
