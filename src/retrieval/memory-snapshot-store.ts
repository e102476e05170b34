import { Inject, Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import type { PatientScope } from '../access/patient-scope.js';
import type { Db } from '../common/db.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { FieldRef } from '../crypto/field-ciphertext.js';
import { isUuid } from '../common/ids.js';
import { ScratchBuffers } from '../common/scratch-buffers.js';
import { binaryCopy } from '../database/pg-binary-copy.js';
import { inTransaction, prepared } from '../database/pg-transaction.js';
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
 * The sealed memory is stored in rows of at most this many bytes: PostgreSQL hands a 1.6 MB value
 * to node-postgres in 35–48 ms and the same bytes as 50 rows of 32 KiB in 4–6 ms (migration
 * 20261204220000_memory_snapshot_parts); parts of 64 KiB and more were slower again.
 */
export const SNAPSHOT_PART_BYTES = 32 * 1024;

/**
 * Each patient's retrieval memory (PatientMemory: entries' text, BM25 statistics, vectors, versions) as ONE
 * blob encrypted under the patient's data key, so an uncached question is one read and one
 * decryption instead of decrypting every entry and vector. The sealed blob is kept in parts
 * (SNAPSHOT_PART_BYTES), read back in one statement and decrypted whole: a missing, extra or
 * reordered part fails the authentication tag like any other tampering. Valid only for the model
 * and the stamp (entries + vectors) it was built from — a moved or relabelled blob does not decrypt
 * (AAD), a stale one is not used. Written after the question that built the memory, outside its
 * transaction; erasure deletes it (RetrievalModule's erasure hook), crypto-shredding makes it
 * unreadable.
 */
@Injectable()
export class MemorySnapshotStore {
  private readonly logger = new Logger('Retrieval');
  /** Saves in flight (tests and shutdown wait for them). */
  private pending = new Set<Promise<void>>();
  /** What sealed snapshots are fetched into (a snapshot not opened, e.g. stale, is simply dropped). */
  private readonly scratch = new ScratchBuffers(16 * 1024 * 1024);

  constructor(
    private readonly cipher: FieldCipher,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** The patient's memory for this model and stamp, if a snapshot of exactly that is stored. */
  async read(scope: PatientScope, modelId: string, stamp: string): Promise<PatientMemory | undefined> {
    return this.open(scope, modelId, stamp, await this.fetch(scope.patientId, modelId));
  }

  /**
   * The patient's stored snapshot for this model, still sealed, whatever stamp it was built from: a
   * question fetches it while the current stamp is being computed, and opens it only if they match
   * (so it needs no transaction of its own). Read as binary COPY, the parts copied from the socket
   * into one buffer (pg-binary-copy.ts): as a query result they arrive as hex text, twice their size.
   */
  async fetch(patientId: string, modelId: string): Promise<SealedSnapshot | undefined> {
    if (!isUuid(patientId)) return undefined;
    let sealed: Buffer | undefined;
    let at = 0;
    const head: Buffer[] = [];
    const rows = await binaryCopy(
      this.pool,
      `SELECT s."stamp", s."parts", sum(octet_length(p."data")) OVER () AS "bytes", p."data"
        FROM "patient_memory_snapshots" s
        JOIN "patient_memory_snapshot_parts" p ON p."patient_id" = s."patient_id"
        WHERE s."patient_id" = '${patientId}'::uuid AND s."model_id" = ${pg.escapeLiteral(modelId)}
        ORDER BY p."part"`,
      (row, field, length) => {
        if (field < 3) return row ? Buffer.allocUnsafe(length) : (head[field] = Buffer.alloc(length));
        sealed ??= this.scratch.take(Number(head[2]!.readBigInt64BE(0)));
        if (at + length > sealed.length) throw new Error('memory snapshot parts exceed their sum');
        return sealed.subarray(at, (at += length));
      },
    );
    if (!rows) return undefined;
    if (!sealed || at !== sealed.length) throw new Error('memory snapshot parts fall short of their sum');
    return { stamp: head[0]!.toString('utf8'), parts: head[1]!.readInt32BE(0), rows, sealed };
  }

  /** The memory a fetched snapshot holds, if it was built from `stamp` and opens. */
  async open(
    scope: PatientScope,
    modelId: string,
    stamp: string,
    sealed: SealedSnapshot | undefined,
  ): Promise<PatientMemory | undefined> {
    if (!sealed) return undefined;
    try {
      if (sealed.stamp !== stamp) return undefined;
      // Only the parts' count is checked here; their bytes and order are authenticated by the tag.
      if (sealed.rows !== sealed.parts) throw new Error('memory snapshot parts are missing');
      const plain = await this.cipher.decrypt(scope.patientId, MEMORY(modelId, stamp), sealed.sealed);
      return decodeMemory(plain);
    } catch (error) {
      // Unreadable (shredded key, corrupted, another format): rebuild from the record as if absent.
      this.logger.warn(`memory snapshot unreadable, rebuilding (${(error as Error).name})`);
      return undefined;
    } finally {
      this.scratch.give(sealed.sealed); // decrypted into a buffer of its own
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
    const parts: Buffer[] = [];
    for (let at = 0; at < sealed.length; at += SNAPSHOT_PART_BYTES)
      parts.push(sealed.subarray(at, at + SNAPSHOT_PART_BYTES));
    await inTransaction(this.pool, async (client) => {
      // The upsert locks the snapshot row: concurrent saves of a patient replace the parts in turn.
      const { rowCount } = await client.query(
        `INSERT INTO "patient_memory_snapshots" ("patient_id", "model_id", "stamp", "parts", "updated_at")
         SELECT $1::uuid, $2, $3, $4, now() FROM "patients" WHERE "id" = $1::uuid AND "erased_at" IS NULL FOR SHARE
         ON CONFLICT ("patient_id") DO UPDATE
           SET "model_id" = EXCLUDED."model_id", "stamp" = EXCLUDED."stamp", "parts" = EXCLUDED."parts",
               "updated_at" = EXCLUDED."updated_at"`,
        [patientId, modelId, stamp, parts.length],
      );
      if (!rowCount) return; // erased
      await client.query(`DELETE FROM "patient_memory_snapshot_parts" WHERE "patient_id" = $1::uuid`, [
        patientId,
      ]);
      await client.query(
        `INSERT INTO "patient_memory_snapshot_parts" ("patient_id", "part", "data")
         SELECT $1::uuid, part - 1, data FROM unnest($2::bytea[]) WITH ORDINALITY AS p(data, part)`,
        [patientId, parts],
      );
    });
  }

  /**
   * Erasure (inside its transaction): the patient row is locked first, so a save racing with the
   * erasure either committed before (and is deleted here) or waits and then finds the patient erased.
   */
  async erase(patientId: string, tx: Db): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM "patients" WHERE "id" = ${patientId}::uuid FOR UPDATE`;
    await tx.$executeRaw`DELETE FROM "patient_memory_snapshots" WHERE "patient_id" = ${patientId}::uuid`; // parts cascade
  }
}

/** A stored snapshot as fetched: the stamp it was built from and its sealed bytes, in parts. */
export interface SealedSnapshot {
  stamp: string;
  /** How many parts were stored, and read (a part missing fails here, before the decryption would). */
  parts: number;
  rows: number;
  /** The parts' bytes, joined in order. */
  sealed: Buffer;
}
