import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../crypto/field-cipher.js';
import { dekVersionOf, openField } from '../crypto/field-ciphertext.js';
import { PatientKeysService, type Db } from '../crypto/patient-keys.service.js';
import { ENTRY_VECTOR } from '../embeddings/entries/entry-embedding.service.js';
import { entryText } from '../embeddings/entries/entry-text.js';
import type { EntryBody } from '../records/entry-kinds.js';
import { PatientCorpus, type RetrievableEntry } from './ranking/patient-corpus.js';

interface CorpusRow {
  entryId: string;
  kind: string;
  occurredAt: Date;
  version: number;
  versionId: string;
  body: Uint8Array;
  vectorId: string | null;
  vector: Uint8Array | null;
  vectorVersion: number | null;
}

/** What a patient's searchable state looks like now (a changed stamp means a stale corpus). */
export interface CorpusStamp {
  stamp: string;
}

/**
 * Reads ONE patient's current entry versions and their vectors under `modelId`, decrypting both
 * in memory (one DEK lookup per version). A vector computed from an older entry version is
 * ignored, so the entry ranks lexically until it is re-embedded.
 */
@Injectable()
export class PatientCorpusLoader {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly keys: PatientKeysService,
  ) {}

  async stamp(patientId: string, modelId: string, db: Db): Promise<string> {
    const [row] = await db.$queryRaw<
      { entries: number; versions: number; updated: Date | null; vectors: number; embedded: Date | null }[]
    >`
      SELECT (SELECT count(*)::int FROM "entries" WHERE "patient_id" = ${patientId}::uuid) AS "entries",
             (SELECT coalesce(sum("current_version"), 0)::int FROM "entries" WHERE "patient_id" = ${patientId}::uuid) AS "versions",
             (SELECT max("updated_at") FROM "entries" WHERE "patient_id" = ${patientId}::uuid) AS "updated",
             (SELECT count(*)::int FROM "entry_embeddings" WHERE "patient_id" = ${patientId}::uuid AND "model_id" = ${modelId}) AS "vectors",
             (SELECT max("created_at") FROM "entry_embeddings" WHERE "patient_id" = ${patientId}::uuid AND "model_id" = ${modelId}) AS "embedded"`;
    return [
      modelId,
      row!.entries,
      row!.versions,
      row!.updated?.getTime(),
      row!.vectors,
      row!.embedded?.getTime(),
    ].join('|');
  }

  async load(
    patientId: string,
    modelId: string,
    db: Db,
  ): Promise<{ corpus: PatientCorpus; versions: Map<string, number> }> {
    const rows = await db.$queryRaw<CorpusRow[]>`
      SELECT e."id" AS "entryId", e."kind"::text AS "kind", e."occurred_at" AS "occurredAt",
             e."current_version" AS "version", v."id" AS "versionId", v."body",
             x."id" AS "vectorId", x."vector", x."version" AS "vectorVersion"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      LEFT JOIN "entry_embeddings" x ON x."entry_id" = e."id" AND x."model_id" = ${modelId}
      WHERE e."patient_id" = ${patientId}::uuid
      ORDER BY e."occurred_at" DESC, e."id" DESC`;
    const bodies = await this.cipher.decryptManyForPatient<EntryBody>(
      patientId,
      rows.map((row) => ({
        ref: { table: 'entry_versions', rowId: row.versionId, field: 'body' },
        ciphertext: row.body,
      })),
      db,
    );
    const entries: RetrievableEntry[] = [];
    const dataKeys = new Map<number, Buffer>();
    for (const [i, row] of rows.entries()) {
      const current = row.vectorId && row.vector && row.vectorVersion === row.version;
      let plain: Buffer | undefined;
      if (current) {
        // One DEK lookup per key version, as FieldCipher.decryptManyForPatient does for bodies.
        const version = dekVersionOf(row.vector);
        if (!dataKeys.has(version)) dataKeys.set(version, await this.keys.key(patientId, version, db));
        plain = openField(dataKeys.get(version)!, patientId, ENTRY_VECTOR(row.vectorId!), row.vector!);
      }
      entries.push({
        id: row.entryId,
        kind: row.kind,
        occurredAt: row.occurredAt,
        text: entryText(row.kind, bodies[i]!),
        vector:
          plain &&
          new Float32Array(plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength)),
      });
    }
    return {
      corpus: new PatientCorpus(entries),
      versions: new Map(rows.map((row) => [row.entryId, row.version])),
    };
  }
}
