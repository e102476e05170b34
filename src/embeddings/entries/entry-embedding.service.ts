import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { FieldCipher } from '../../crypto/field-cipher.js';
import { sealField } from '../../crypto/field-ciphertext.js';
import { PatientKeysService } from '../../crypto/patient-keys.service.js';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { EntryBody } from '../../records/entry-kinds.js';
import { EmbeddingsService } from '../embeddings.service.js';
import { entryText } from './entry-text.js';

/** The AAD place of an entry's vector: its entry_embeddings row. */
export const ENTRY_VECTOR = (rowId: string) => ({ table: 'entry_embeddings', rowId, field: 'vector' });

interface PendingRow {
  entryId: string;
  patientId: string;
  kind: string;
  version: number;
  versionId: string;
  body: Uint8Array;
}

/**
 * Keeps entry_embeddings current for the loaded model: finds entries whose current version has no
 * vector under this model (new, amended, imported, or embedded by another model), decrypts their
 * bodies in memory, embeds them, and stores each vector encrypted under the patient's DEK — one
 * transaction and one audit event per patient batch. Erased patients are skipped.
 */
@Injectable()
export class EntryEmbeddingService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: FieldCipher,
    private readonly keys: PatientKeysService,
    private readonly embeddings: EmbeddingsService,
    private readonly audit: AuditService,
  ) {}

  /** Embeds up to `limit` pending entries; returns how many were embedded (0: nothing pending). */
  async embedPending(limit = 512): Promise<number> {
    const modelId = this.embeddings.model.id;
    const pending = await this.prisma.$queryRaw<PendingRow[]>`
      SELECT e."id" AS "entryId", e."patient_id" AS "patientId", e."kind"::text AS "kind",
             e."current_version" AS "version", v."id" AS "versionId", v."body"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      JOIN "patients" p ON p."id" = e."patient_id" AND p."erased_at" IS NULL
      LEFT JOIN "entry_embeddings" x ON x."entry_id" = e."id" AND x."model_id" = ${modelId}
      WHERE x."id" IS NULL OR x."version" <> e."current_version"
      ORDER BY e."patient_id", e."occurred_at" DESC
      LIMIT ${limit}`;
    const byPatient = new Map<string, PendingRow[]>();
    for (const row of pending) byPatient.set(row.patientId, [...(byPatient.get(row.patientId) ?? []), row]);
    for (const [patientId, rows] of byPatient) await this.embedPatientRows(patientId, rows, modelId);
    return pending.length;
  }

  /** Embeds until nothing is pending; `between` runs before every chunk after the first (to yield). */
  async embedAllPending(batch = 512, between?: () => Promise<void>): Promise<number> {
    let total = 0;
    for (let done = await this.embedPending(batch); done > 0; done = await this.embedPending(batch)) {
      total += done;
      await between?.();
    }
    return total;
  }

  private async embedPatientRows(patientId: string, rows: PendingRow[], modelId: string): Promise<void> {
    const bodies = await this.cipher.decryptManyForPatient<EntryBody>(
      patientId,
      rows.map((row) => ({
        ref: { table: 'entry_versions', rowId: row.versionId, field: 'body' },
        ciphertext: row.body,
      })),
    );
    const vectors = await this.embeddings.embed(rows.map((row, i) => entryText(row.kind, bodies[i]!)));
    await this.prisma.$transaction(async (tx) => {
      const { version, key } = await this.keys.currentKey(patientId, tx);
      const values = rows.map((row, i) => {
        const id = randomUUID();
        const vector = vectors[i]!;
        const plain = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
        const sealed = sealField(key, version, patientId, ENTRY_VECTOR(id), plain);
        return Prisma.sql`(${id}::uuid, ${row.entryId}::uuid, ${patientId}::uuid, ${row.version}, ${modelId}, ${vector.length}, ${sealed})`;
      });
      await tx.$executeRaw`
        INSERT INTO "entry_embeddings" ("id", "entry_id", "patient_id", "version", "model_id", "dimension", "vector")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("entry_id", "model_id") DO UPDATE
          SET "id" = EXCLUDED."id", "version" = EXCLUDED."version", "dimension" = EXCLUDED."dimension",
              "vector" = EXCLUDED."vector", "created_at" = CURRENT_TIMESTAMP`;
      await this.audit.record(
        {
          type: 'entry.embed',
          action: 'C',
          outcome: 'success',
          patientId,
          entity: { type: 'entry', ids: rows.map((row) => row.entryId) },
          reason: `model ${modelId}`,
        },
        tx,
      );
    });
  }
}
