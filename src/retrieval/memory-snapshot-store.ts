import { Inject, Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import type { PatientScope } from '../access/patient-scope.js';
import type { Db } from '../common/db.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { FieldRef } from '../crypto/field-ciphertext.js';
import { prepared } from '../database/pg-transaction.js';
import { PG_POOL } from '../database/prisma.service.js';
import { decodeMemory, encodeMemory, type PatientMemory } from './memory-snapshot.js';

/** AAD: the patient (always), this table, the model and the stamp the memory was built from. */
const MEMORY = (modelId: string, stamp: string): FieldRef => ({
  table: 'patient_memory_snapshots',
  rowId: 'memory',
  field: 'memory',
  context: [modelId, stamp],
});

/**
 * Each patient's retrieval memory (PatientMemory: entries' text, BM25 statistics, vectors, versions) as ONE
 * blob encrypted under the patient's data key, so an uncached question is one read and one
 * decryption instead of decrypting every entry and vector. Valid only for the model and the stamp
 * (entries + vectors) it was built from — a moved or relabelled blob does not decrypt (AAD), a
 * stale one is not used. Written after the question that built the memory, outside its transaction;
 * erasure deletes it (RetrievalModule's erasure hook), crypto-shredding makes it unreadable.
 */
@Injectable()
export class MemorySnapshotStore {
  private readonly logger = new Logger('Retrieval');
  /** Saves in flight (tests and shutdown wait for them). */
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly cipher: FieldCipher,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** The patient's memory for this model and stamp, if a snapshot of exactly that is stored. */
  async read(scope: PatientScope, modelId: string, stamp: string): Promise<PatientMemory | undefined> {
    // node-postgres reads bytea as hex text (it has no binary results): base64 is a third smaller.
    // Moving the blob out of PostgreSQL is most of an uncached question: for a 5,000-entry patient
    // 70–85 ms at 3.1 MB (format 2), 9–15 ms at 1.6 MB (format 3: no tokens, vectors on an 8-bit grid).
    const sql = `SELECT encode("memory", 'base64') AS "memory" FROM "patient_memory_snapshots"
      WHERE "patient_id" = $1::uuid AND "model_id" = $2 AND "stamp" = $3`;
    const values = [scope.patientId, modelId, stamp];
    const [row] = scope.client
      ? (await scope.client.query<{ memory: string }>(prepared(sql, values))).rows
      : await scope.tx.$queryRawUnsafe<{ memory: string }[]>(sql, ...values);
    if (!row) return undefined;
    try {
      const sealed = Buffer.from(row.memory, 'base64');
      const plain = await this.cipher.decrypt(scope.patientId, MEMORY(modelId, stamp), sealed);
      return decodeMemory(plain);
    } catch (error) {
      // Unreadable (shredded key, corrupted, another format): rebuild from the record as if absent.
      this.logger.warn(`memory snapshot unreadable, rebuilding (${(error as Error).name})`);
      return undefined;
    }
  }

  /** Whether a snapshot of exactly this model and stamp is stored (nothing is read or decrypted). */
  async has(patientId: string, modelId: string, stamp: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      prepared(
        `SELECT 1 FROM "patient_memory_snapshots" WHERE "patient_id" = $1::uuid AND "model_id" = $2 AND "stamp" = $3`,
        [patientId, modelId, stamp],
      ),
    );
    return rows.length > 0;
  }

  /** Encrypts and stores the memory in the background (never for an erased patient). */
  saveLater(patientId: string, modelId: string, stamp: string, memory: PatientMemory): void {
    const saving = this.save(patientId, modelId, stamp, memory)
      .catch((error: Error) =>
        this.logger.warn(`memory snapshot not saved (${error.name}: ${error.message})`),
      )
      .finally(() => this.pending.delete(saving));
    this.pending.add(saving);
  }

  /** Resolves when every save started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async save(patientId: string, modelId: string, stamp: string, memory: PatientMemory): Promise<void> {
    const sealed = await this.cipher.encrypt(patientId, MEMORY(modelId, stamp), encodeMemory(memory));
    await this.pool.query(
      `INSERT INTO "patient_memory_snapshots" ("patient_id", "model_id", "stamp", "memory", "updated_at")
       SELECT $1::uuid, $2, $3, $4, now() FROM "patients" WHERE "id" = $1::uuid AND "erased_at" IS NULL FOR SHARE
       ON CONFLICT ("patient_id") DO UPDATE
         SET "model_id" = EXCLUDED."model_id", "stamp" = EXCLUDED."stamp", "memory" = EXCLUDED."memory",
             "updated_at" = EXCLUDED."updated_at"`,
      [patientId, modelId, stamp, sealed],
    );
  }

  /**
   * Erasure (inside its transaction): the patient row is locked first, so a save racing with the
   * erasure either committed before (and is deleted here) or waits and then finds the patient erased.
   */
  async erase(patientId: string, tx: Db): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM "patients" WHERE "id" = ${patientId}::uuid FOR UPDATE`;
    await tx.$executeRaw`DELETE FROM "patient_memory_snapshots" WHERE "patient_id" = ${patientId}::uuid`;
  }
}
