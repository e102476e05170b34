import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Caller } from '../../access/caller.js';
import pg from 'pg';
import { FieldCipher } from '../../crypto/field-cipher.js';
import type { Db } from '../../crypto/patient-keys.service.js';
import { PG_POOL } from '../../database/prisma.service.js';
import { ENTRY_BODY } from '../../records/entry-view.js';
import { EvidenceCache } from './evidence-cache.js';
import { toEvidence, type EvidenceEntry } from './evidence-entry.js';

/** Structured entries a draft may draw on, newest first (issue 8: a bench goal is 5,000 entries). */
export const MAX_EVIDENCE_ENTRIES = 10_000;
/** Notes and documents: the generators read at most the newest 300 (and the retrieved ones). */
export const MAX_EVIDENCE_NOTES = 300;
/**
 * Results: the newest 1,000. A series shows its latest value and a trend over its last six, so
 * older results add nothing but decryption time (≈ 60 µs each, the largest cost of a draft).
 */
export const MAX_EVIDENCE_RESULTS = 1000;
const NOTE_KINDS = ['note', 'document'];
const RESULT_KINDS = ['observation'];

/**
 * Optional ranking by the retrieval module: entry ids best first for a question. Bound to
 * REPORT_RETRIEVER when retrieval provides one; without it the generators rank by recency and
 * their own lexical match against the question.
 */
export interface ReportRetriever {
  /** Ids of this patient's entries, best first. The retriever checks access and audits its read. */
  rank(patientId: string, question: string, caller: Caller): Promise<string[]>;
}
export const REPORT_RETRIEVER = Symbol('REPORT_RETRIEVER');

interface EvidenceRow {
  versionId: string;
  entryId: string;
  kind: string;
  occurredAt: Date;
  body: Uint8Array;
}

/**
 * Loads the current version of a patient's entries and decrypts them in memory into evidence.
 * The caller has already checked access to the patient, in the same transaction `db`.
 */
@Injectable()
export class PatientEvidenceService {
  private readonly logger = new Logger('Reports');
  private readonly cache = new EvidenceCache();

  constructor(
    private readonly cipher: FieldCipher,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Optional() @Inject(REPORT_RETRIEVER) private readonly retriever?: ReportRetriever,
  ) {}

  /**
   * For a new draft: problems, medications, allergies and other structured entries (≤
   * MAX_EVIDENCE_ENTRIES), the newest results and the newest notes, read on
   * the pool (plain SQL: the hot path of a draft) after the caller checked access.
   */
  async loadForDraft(patientId: string, db: Db): Promise<EvidenceEntry[]> {
    const stamp = await this.stamp(patientId);
    const cached = this.cache.get(patientId, stamp);
    if (cached) return cached;
    const entries = await this.readForDraft(patientId, db);
    this.cache.set(patientId, stamp, entries);
    return entries;
  }

  /** Drops a patient's cached evidence at once (erasure). */
  forget(patientId: string): void {
    this.cache.forget(patientId);
  }

  /** Changes whenever an entry is added or amended. */
  private async stamp(patientId: string): Promise<string> {
    const { rows } = await this.pool.query<{ n: number; v: string | null; at: Date | null }>(
      `SELECT count(*)::int AS n, sum("current_version")::text AS v, max("updated_at") AS at
       FROM "entries" WHERE "patient_id" = $1::uuid`,
      [patientId],
    );
    const row = rows[0];
    return `${row?.n ?? 0}:${row?.v ?? 0}:${row?.at?.getTime() ?? 0}`;
  }

  private async readForDraft(patientId: string, db: Db): Promise<EvidenceEntry[]> {
    const select = `SELECT v."id" AS "versionId", e."id" AS "entryId", e."kind"::text AS "kind",
        e."occurred_at" AS "occurredAt", v."body"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      WHERE e."patient_id" = $1::uuid AND e."kind"::text`;
    const order = `ORDER BY e."occurred_at" DESC, e."id" DESC LIMIT $3`;
    const [structured, results, notes] = await Promise.all([
      this.pool.query<EvidenceRow>(`${select} <> ALL($2::text[]) ${order}`, [
        patientId,
        [...NOTE_KINDS, ...RESULT_KINDS],
        MAX_EVIDENCE_ENTRIES,
      ]),
      this.pool.query<EvidenceRow>(`${select} = ANY($2::text[]) ${order}`, [
        patientId,
        RESULT_KINDS,
        MAX_EVIDENCE_RESULTS,
      ]),
      this.pool.query<EvidenceRow>(`${select} = ANY($2::text[]) ${order}`, [
        patientId,
        NOTE_KINDS,
        MAX_EVIDENCE_NOTES,
      ]),
    ]);
    const rows = [...structured.rows, ...results.rows, ...notes.rows].sort(
      (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.entryId.localeCompare(a.entryId),
    );
    return this.decrypt(patientId, rows, db);
  }

  /** Given entries of the patient (e.g. the ones an edit cites), inside the caller's transaction. */
  async loadEntries(patientId: string, ids: readonly string[], db: Db): Promise<EvidenceEntry[]> {
    if (!ids.length) return [];
    const rows = await db.$queryRaw<EvidenceRow[]>`
      SELECT v."id" AS "versionId", e."id" AS "entryId", e."kind"::text AS "kind", e."occurred_at" AS "occurredAt", v."body"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      WHERE e."patient_id" = ${patientId}::uuid AND e."id" = ANY(${[...ids]}::uuid[])`;
    return this.decrypt(patientId, rows, db);
  }

  private async decrypt(patientId: string, rows: EvidenceRow[], db: Db): Promise<EvidenceEntry[]> {
    if (!rows.length) return [];
    const bodies = await this.cipher.decryptManyForPatient<unknown>(
      patientId,
      rows.map((row) => ({ ref: ENTRY_BODY(row.versionId), ciphertext: row.body })),
      db,
    );
    return rows.map((row, i) =>
      toEvidence({ id: row.entryId, kind: row.kind, occurredAt: row.occurredAt, body: bodies[i] }),
    );
  }

  /** Retrieval's ranking for the question, or none (the generators then rank for themselves). */
  async rank(patientId: string, question: string, caller: Caller): Promise<string[]> {
    if (!this.retriever) return [];
    try {
      return await this.retriever.rank(patientId, question, caller);
    } catch (error) {
      // Access is checked again by the draft itself; here only the ranking is lost (no PHI logged).
      this.logger.warn(`retrieval failed for a report draft (${(error as Error).name}); ranking by recency`);
      return [];
    }
  }
}
