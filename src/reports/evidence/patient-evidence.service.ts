import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { PatientScope } from '../../access/patient-scope.js';
import type { Caller } from '../../common/caller.js';
import { isUuid } from '../../common/ids.js';
import { CurrentEntriesReader, type EntrySelection } from '../../records/current-entries.js';
import { isRetracted, type EntryView } from '../../records/entry-view.js';
import {
  REPORT_RETRIEVER,
  type ReportRetriever,
  type RetrievedForReport,
} from '../../retrieval/report-retriever.js';
import { EvidenceCache } from './evidence-cache.js';
import { toEvidenceWithText, type EvidenceEntry } from './evidence-entry.js';

export {
  REPORT_RETRIEVER,
  type ReportRetriever,
  type RetrievedForReport,
} from '../../retrieval/report-retriever.js';

/** Structured entries a draft may draw on, newest first (a bench goal is 5,000 entries). */
export const MAX_EVIDENCE_ENTRIES = 10_000;
/** Notes and documents: the generators read at most the newest 300 (and the retrieved ones). */
export const MAX_EVIDENCE_NOTES = 300;
/**
 * Results: the newest 1,000. A series shows its latest value and a trend over its last six, so
 * older results add nothing but decryption time (≈ 60 µs each, the largest cost of a draft).
 */
export const MAX_EVIDENCE_RESULTS = 1000;
const NOTE_KINDS = ['note', 'document'] as const;
const RESULT_KINDS = ['observation'] as const;

/** What a draft reads: every structured entry (bounded), the newest results and the newest notes. */
const DRAFT_SELECTIONS: EntrySelection[] = [
  { excludeKinds: [...NOTE_KINDS, ...RESULT_KINDS], limit: MAX_EVIDENCE_ENTRIES },
  { kinds: RESULT_KINDS, limit: MAX_EVIDENCE_RESULTS },
  { kinds: NOTE_KINDS, limit: MAX_EVIDENCE_NOTES },
];

/**
 * A patient's entries as evidence for a draft or an edit, read through the records read port in
 * the transaction of the caller's `PatientScope` (the access check) and audited there.
 */
@Injectable()
export class PatientEvidenceService {
  private readonly logger = new Logger('Reports');
  private readonly cache = new EvidenceCache();

  constructor(
    private readonly entries: CurrentEntriesReader,
    @Optional() @Inject(REPORT_RETRIEVER) private readonly retriever?: ReportRetriever,
  ) {}

  /**
   * For a new draft: problems, medications, allergies and other structured entries (≤
   * MAX_EVIDENCE_ENTRIES), the newest results and notes, and the retrieved entries older than
   * those. Every entry handed to the generators is named in one `report.draft.read` event in the
   * scope's transaction — also when the decrypted evidence comes from the cache.
   */
  async loadForDraft(scope: PatientScope, retrievedIds: readonly string[]): Promise<EvidenceEntry[]> {
    const stamp = await this.entries.stamp(scope);
    let loaded = this.cache.get(scope.patientId, stamp);
    if (!loaded) {
      const read = await this.entries.currentEntries(scope, DRAFT_SELECTIONS, { audit: null });
      loaded = read.entries.filter((entry) => !isRetracted(entry)).map(evidenceOf);
      this.cache.set(scope.patientId, stamp, loaded);
    }
    const have = new Set(loaded.map((e) => e.id));
    const older = retrievedIds.filter((id) => !have.has(id) && isUuid(id));
    const extra = older.length
      ? (await this.entries.currentEntries(scope, { ids: older }, { audit: null })).entries
          .filter((entry) => !isRetracted(entry))
          .map(evidenceOf)
      : [];
    const entries = [...loaded, ...extra];
    await scope.audit(
      'report.draft.read',
      entries.map((e) => e.id),
    );
    return entries;
  }

  /** Given entries of the patient (the ones an edit cites), audited by the caller's report event. */
  async loadEntries(scope: PatientScope, ids: readonly string[]): Promise<EvidenceEntry[]> {
    const wanted = ids.filter(isUuid);
    if (!wanted.length) return [];
    const { entries } = await this.entries.currentEntries(scope, { ids: wanted }, { audit: null });
    return entries.map(evidenceOf);
  }

  /** Drops a patient's cached evidence at once (erasure). */
  forget(patientId: string): void {
    this.cache.forget(patientId);
  }

  /**
   * Retrieval's ranking for the question, or undefined when there is none (no retriever bound, or
   * it failed): the generators then rank for themselves and the trace says retrieval was unavailable.
   */
  async rank(patientId: string, question: string, caller: Caller): Promise<RetrievedForReport[] | undefined> {
    if (!this.retriever) return undefined;
    try {
      return await this.retriever.rank(patientId, question, caller);
    } catch (error) {
      // Access is checked again by the draft itself; here only the ranking is lost (no PHI logged).
      this.logger.warn(`retrieval failed for a report draft (${(error as Error).name}); ranking by recency`);
      return undefined;
    }
  }
}

const evidenceOf = (entry: EntryView): EvidenceEntry =>
  toEvidenceWithText(
    { id: entry.id, kind: entry.kind, occurredAt: entry.occurredAt, body: entry.body },
    entry.text,
  );
