import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Db } from '../common/db.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ENTRY_BODY } from './entry-view.js';

interface VersionRow {
  entry_id: string;
  kind: string;
  entry_occurred_at: Date;
  current_version: number;
  source_ref: string | null;
  created_at: Date;
  id: string;
  version: number;
  occurred_at: Date;
  body: Uint8Array;
  recorded_by_id: string | null;
  source_message_id: string | null;
  recorded_at: Date;
}

/**
 * A patient merge (HL7 A40…) on the records side: every entry of the merged patient, with its whole
 * version history, is written again under the survivor — decrypted with the merged patient's key
 * and sealed under the survivor's (the AAD binds patient and row, so ciphertext cannot simply move).
 * Version numbers, occurrence and recording times, provenance (user or HL7 message) are kept; a
 * document's `relatesTo` follows its copied target. The merged patient's own rows are left as they
 * were (entry_versions is append-only; its identity points to the survivor). Keyed source refs
 * (visit, result, document) move with the entry, so later messages find it under the survivor;
 * one the survivor already holds is kept by the survivor and the copy gets `#merged:<old id>`.
 */
@Injectable()
export class EntryTransfer {
  constructor(private readonly cipher: FieldCipher) {}

  /** Returns old entry id → new entry id (also for the caller to re-point report citations). */
  async copyAll(fromPatientId: string, toPatientId: string, tx: Db): Promise<Map<string, string>> {
    const rows = await tx.$queryRawUnsafe<VersionRow[]>(VERSIONS_SQL, fromPatientId);
    const ids = new Map<string, string>();
    if (rows.length === 0) return ids;
    for (const row of rows) if (!ids.has(row.entry_id)) ids.set(row.entry_id, randomUUID());
    const refs = [...new Set(rows.map((r) => r.source_ref).filter((r): r is string => !!r))];
    const taken = new Set(
      (
        await tx.$queryRawUnsafe<{ source_ref: string }[]>(
          `SELECT "source_ref" FROM "entries" WHERE "patient_id" = $1::uuid AND "source_ref" = ANY ($2::text[])`,
          toPatientId,
          refs,
        )
      ).map((r) => r.source_ref),
    );
    const bodies = await this.cipher.decryptManyForPatient<Record<string, unknown>>(
      fromPatientId,
      rows.map((r) => ({
        ref: ENTRY_BODY(r.id, { entryId: r.entry_id, version: r.version, kind: r.kind }),
        ciphertext: r.body,
      })),
      tx,
    );
    const versions = rows.map((row, i) => ({ row, id: randomUUID(), body: repoint(bodies[i]!, ids) }));
    const sealed = await this.cipher.encryptMany(
      toPatientId,
      versions.map((v) => ({
        ref: ENTRY_BODY(v.id, {
          entryId: ids.get(v.row.entry_id)!,
          version: v.row.version,
          kind: v.row.kind,
        }),
        value: v.body,
      })),
      tx,
    );
    const entries = rows.filter((row, i) => i === 0 || rows[i - 1]!.entry_id !== row.entry_id);
    const iso = (date: Date) => new Date(date).toISOString();
    await tx.$executeRawUnsafe(
      INSERT_ENTRIES_SQL,
      entries.map((e) => ids.get(e.entry_id)!),
      toPatientId,
      entries.map((e) => e.kind),
      entries.map((e) => iso(e.entry_occurred_at)),
      entries.map((e) => e.current_version),
      entries.map((e) =>
        e.source_ref && taken.has(e.source_ref) ? `${e.source_ref}#merged:${e.entry_id}` : e.source_ref,
      ),
      entries.map((e) => iso(e.created_at)),
    );
    await tx.$executeRawUnsafe(
      INSERT_VERSIONS_SQL,
      versions.map((v) => v.id),
      versions.map((v) => ids.get(v.row.entry_id)!),
      toPatientId,
      versions.map((v) => v.row.version),
      versions.map((v) => iso(v.row.occurred_at)),
      sealed,
      versions.map((v) => v.row.recorded_by_id),
      versions.map((v) => v.row.source_message_id),
      versions.map((v) => iso(v.row.recorded_at)),
    );
    return ids;
  }
}

/** A document's link to another entry of the merged patient follows that entry's copy. */
function repoint(body: Record<string, unknown>, ids: Map<string, string>): Record<string, unknown> {
  const relatesTo = body.relatesTo as { entryId: string; relation: string } | undefined;
  if (!relatesTo || !ids.has(relatesTo.entryId)) return body;
  return { ...body, relatesTo: { ...relatesTo, entryId: ids.get(relatesTo.entryId)! } };
}

const VERSIONS_SQL = `
  SELECT e."id" AS "entry_id", e."kind"::text AS "kind", e."occurred_at" AS "entry_occurred_at", e."current_version",
         e."source_ref", e."created_at", v."id", v."version", v."occurred_at", v."body", v."recorded_by_id",
         v."source_message_id", v."recorded_at"
    FROM "entries" e JOIN "entry_versions" v ON v."entry_id" = e."id"
   WHERE e."patient_id" = $1::uuid
   ORDER BY e."id", v."version"`;

const INSERT_ENTRIES_SQL = `
  INSERT INTO "entries" ("id", "patient_id", "kind", "occurred_at", "current_version", "source_ref", "created_at", "updated_at")
  SELECT e."id", $2::uuid, e."kind", e."occurred_at", e."current_version", e."source_ref", e."created_at", now()
    FROM unnest($1::uuid[], $3::"EntryKind"[], $4::timestamptz[], $5::int[], $6::text[], $7::timestamptz[])
      AS e("id", "kind", "occurred_at", "current_version", "source_ref", "created_at")`;

const INSERT_VERSIONS_SQL = `
  INSERT INTO "entry_versions" ("id", "entry_id", "patient_id", "version", "occurred_at", "body", "recorded_by_id",
    "source_message_id", "recorded_at")
  SELECT v."id", v."entry_id", $3::uuid, v."version", v."occurred_at", v."body", v."recorded_by_id", v."source_message_id",
         v."recorded_at"
    FROM unnest($1::uuid[], $2::uuid[], $4::int[], $5::timestamptz[], $6::bytea[], $7::uuid[], $8::text[], $9::timestamptz[])
      AS v("id", "entry_id", "version", "occurred_at", "body", "recorded_by_id", "source_message_id", "recorded_at")`;
