import { Inject, Injectable, Optional } from '@nestjs/common';
import { FieldCipher } from '../../crypto/field-cipher.js';
import type { Db } from '../../crypto/patient-keys.service.js';
import { Prisma } from '../../generated/prisma/client.js';
import { ENTRY_BODY } from '../../records/entry-view.js';
import { toEvidence, type EvidenceEntry } from './evidence-entry.js';

/** Entries a draft may draw on, newest first (issue 8: a bench goal is 5,000 entries). */
export const MAX_EVIDENCE_ENTRIES = 10_000;

/**
 * Optional ranking by the retrieval module: entry ids best first for a question. Bound to
 * REPORT_RETRIEVER when retrieval provides one; without it the generators rank by recency and
 * their own lexical match against the question.
 */
export interface ReportRetriever {
  rank(patientId: string, question: string, entries: readonly EvidenceEntry[]): Promise<string[]>;
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
  constructor(
    private readonly cipher: FieldCipher,
    @Optional() @Inject(REPORT_RETRIEVER) private readonly retriever?: ReportRetriever,
  ) {}

  async load(patientId: string, db: Db, only?: readonly string[]): Promise<EvidenceEntry[]> {
    if (only && !only.length) return [];
    const rows = await db.$queryRaw<EvidenceRow[]>`
      SELECT v."id" AS "versionId", e."id" AS "entryId", e."kind"::text AS "kind", e."occurred_at" AS "occurredAt", v."body"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      WHERE e."patient_id" = ${patientId}::uuid
        ${only ? Prisma.sql`AND e."id" = ANY(${[...only]}::uuid[])` : Prisma.empty}
      ORDER BY e."occurred_at" DESC, e."id" DESC
      LIMIT ${MAX_EVIDENCE_ENTRIES}`;
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
  async rank(patientId: string, question: string, entries: readonly EvidenceEntry[]): Promise<string[]> {
    if (!this.retriever) return [];
    try {
      return await this.retriever.rank(patientId, question, entries);
    } catch {
      return [];
    }
  }
}
