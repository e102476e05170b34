import type { EvidenceEntry } from './evidence-entry.js';

interface Cached {
  stamp: string;
  entries: EvidenceEntry[];
  storedAt: number;
}

/**
 * Decrypted evidence of recently drafted patients, in memory only, so a clinician's follow-up
 * questions about the same patient skip decryption (its largest cost). An entry counts only while
 * the record's stamp (entry count and latest change) is unchanged; at most `max` patients, each for
 * at most `ttlMs`. Served only after the caller's access check, like the database read it replaces.
 */
export class EvidenceCache {
  private readonly byPatient = new Map<string, Cached>();

  constructor(
    private readonly max = 16,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(patientId: string, stamp: string, now = Date.now()): EvidenceEntry[] | undefined {
    const cached = this.byPatient.get(patientId);
    if (!cached) return undefined;
    if (cached.stamp !== stamp || now - cached.storedAt > this.ttlMs) {
      this.byPatient.delete(patientId);
      return undefined;
    }
    this.byPatient.delete(patientId); // most recently used last
    this.byPatient.set(patientId, cached);
    return cached.entries;
  }

  set(patientId: string, stamp: string, entries: EvidenceEntry[], now = Date.now()): void {
    if (this.max <= 0) return;
    this.byPatient.delete(patientId);
    this.byPatient.set(patientId, { stamp, entries, storedAt: now });
    while (this.byPatient.size > this.max) this.byPatient.delete(this.byPatient.keys().next().value!);
  }

  forget(patientId: string): void {
    this.byPatient.delete(patientId);
  }
}
