import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Db } from '../../common/db.js';
import { FieldCipher } from '../../crypto/field-cipher.js';
import pg from 'pg';
import { isPgClient, prepared } from '../../database/pg-transaction.js';
import { Prisma } from '../../generated/prisma/client.js';

/** The AAD place of an entry's vector: its entry_embeddings row. */
export const ENTRY_VECTOR = (rowId: string) => ({ table: 'entry_embeddings', rowId, field: 'vector' });

export interface EntryVector {
  entryId: string;
  /** The entry version the vector was computed from. */
  version: number;
  vector: Float32Array;
}

/**
 * `entry_embeddings`: one vector per (entry, model), float32 bytes sealed under the patient's DEK by
 * FieldCipher (erasure shreds them with the text). The only code that knows that table.
 */
@Injectable()
export class EntryVectorStore {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * Entries (of patients not erased) whose current version has no vector under `modelId` yet: new,
   * amended, imported, or embedded by another model. Grouped by patient, at most `limit`.
   */
  async pending(modelId: string, limit: number, db: Db): Promise<{ entryId: string; patientId: string }[]> {
    return db.$queryRaw<{ entryId: string; patientId: string }[]>`
      SELECT e."id" AS "entryId", e."patient_id" AS "patientId"
      FROM "entries" e
      JOIN "patients" p ON p."id" = e."patient_id" AND p."erased_at" IS NULL
      LEFT JOIN "entry_embeddings" x ON x."entry_id" = e."id" AND x."model_id" = ${modelId}
      WHERE x."id" IS NULL OR x."version" <> e."current_version"
      ORDER BY e."patient_id", e."occurred_at" DESC
      LIMIT ${limit}`;
  }

  /** The patient's vectors under `modelId`, decrypted; the caller keeps those of current versions. */
  async forPatient(patientId: string, modelId: string, db: Db): Promise<EntryVector[]> {
    const rows = await db.$queryRaw<{ id: string; entryId: string; version: number; vector: Uint8Array }[]>`
      SELECT "id", "entry_id" AS "entryId", "version", "vector" FROM "entry_embeddings"
      WHERE "patient_id" = ${patientId}::uuid AND "model_id" = ${modelId}`;
    const plain = await this.cipher.openMany(
      patientId,
      rows.map((row) => ({ ref: ENTRY_VECTOR(row.id), ciphertext: row.vector })),
      db,
    );
    return rows.map((row, i) => {
      const bytes = plain[i]!;
      const vector = new Float32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      return { entryId: row.entryId, version: row.version, vector };
    });
  }

  /**
   * Changes when a vector of the patient under `modelId` is added or replaced. On a node-postgres
   * client or pool (a question's scope) as a prepared statement: it runs on every question.
   */
  async stamp(patientId: string, modelId: string, db: Db | pg.ClientBase | pg.Pool): Promise<string> {
    const sql = `SELECT count(*)::int AS "n", max("created_at") AS "at" FROM "entry_embeddings"
      WHERE "patient_id" = $1::uuid AND "model_id" = $2`;
    const values = [patientId, modelId];
    const [row] = isPgClient(db)
      ? (await db.query<StampRow>(prepared(sql, values))).rows
      : await db.$queryRawUnsafe<StampRow[]>(sql, ...values);
    return `${modelId}|${row?.n ?? 0}|${row?.at?.getTime() ?? 0}`;
  }

  /** Stores (or replaces) vectors of one patient, inside the caller's transaction. */
  async save(patientId: string, modelId: string, vectors: EntryVector[], tx: Db): Promise<void> {
    if (!vectors.length) return;
    const ids = vectors.map(() => randomUUID());
    const sealed = await this.cipher.sealMany(
      patientId,
      vectors.map(({ vector }, i) => ({
        ref: ENTRY_VECTOR(ids[i]!),
        plaintext: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
      })),
      tx,
    );
    const values = vectors.map(
      (v, i) =>
        Prisma.sql`(${ids[i]}::uuid, ${v.entryId}::uuid, ${patientId}::uuid, ${v.version}, ${modelId}, ${v.vector.length}, ${sealed[i]})`,
    );
    await tx.$executeRaw`
      INSERT INTO "entry_embeddings" ("id", "entry_id", "patient_id", "version", "model_id", "dimension", "vector")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("entry_id", "model_id") DO UPDATE
        SET "id" = EXCLUDED."id", "version" = EXCLUDED."version", "dimension" = EXCLUDED."dimension",
            "vector" = EXCLUDED."vector", "created_at" = CURRENT_TIMESTAMP`;
  }
}

interface StampRow {
  n: number;
  at: Date | null;
}
