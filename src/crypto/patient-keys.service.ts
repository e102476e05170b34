import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Db } from '../common/db.js';
import { KEY_BYTES } from './aead.js';
import { DecryptionError, PatientErasedError } from './crypto-errors.js';
import { ClusterEvents } from '../cluster/cluster-events.js';
import { DekCache } from './dek-cache.js';
import { KEK_PROVIDER, type KekProvider } from './kek-provider.js';
import { dekAad } from './key-aad.js';

/** Moved to the ground floor (src/common/db.ts); re-exported so older imports compile. */
export type { Db } from '../common/db.js';

export interface DataKey {
  version: number;
  key: Buffer;
}

/**
 * Per-patient data-encryption keys (DEK): random 256-bit, stored wrapped under the KEK with AAD
 * (patient id, DEK version, KEK version), unwrapped on demand into a bounded cache.
 */
@Injectable()
export class PatientKeysService implements OnModuleDestroy {
  private readonly cache: DekCache;
  /** The DEK version new ciphertexts use, per patient (only version 1 exists today). */
  private readonly current = new Map<string, number>();
  private readonly forgetListeners = new Set<(patientId: string | undefined) => void>();

  constructor(
    private readonly prisma: PrismaService,
    @Inject(KEK_PROVIDER) private readonly kek: KekProvider,
    @Inject(APP_CONFIG) config: AppConfig,
    cluster: ClusterEvents,
  ) {
    this.cache = new DekCache(config.DEK_CACHE_MAX, config.DEK_CACHE_TTL_SECONDS * 1000);
    // Erasure on another node: its unwrapped keys leave this node's memory too (src/cluster/README.md).
    cluster.on('patient.keys-destroyed', ({ patientId }) => this.forget(patientId));
    cluster.onReset(() => this.clearCache());
  }

  /** The key to encrypt with; created (inside `db`'s transaction) on first use. */
  async currentKey(patientId: string, db: Db = this.prisma): Promise<DataKey> {
    const version = this.current.get(patientId);
    const cached = version === undefined ? undefined : this.cache.get(patientId, version);
    if (cached) return { version: version!, key: cached };
    const existing = await db.patientKey.findFirst({ where: { patientId }, orderBy: { version: 'desc' } });
    if (existing) return { version: existing.version, key: await this.unwrapRow(existing) };
    return this.create(patientId, db);
  }

  /** The key a ciphertext names. Unknown version or destroyed key: the uniform errors. */
  async key(patientId: string, version: number, db: Db = this.prisma): Promise<Buffer> {
    const cached = this.cache.get(patientId, version);
    if (cached) return cached;
    const row = await db.patientKey.findUnique({ where: { patientId_version: { patientId, version } } });
    if (!row) throw new DecryptionError();
    return this.unwrapRow(row);
  }

  /** Crypto-shredding: the wrapped DEK is overwritten; every ciphertext of the patient becomes noise. */
  async destroy(patientId: string, db: Db = this.prisma): Promise<number> {
    const { count } = await db.patientKey.updateMany({
      where: { patientId, destroyedAt: null },
      data: { wrappedKey: null, destroyedAt: new Date() },
    });
    this.forget(patientId);
    return count;
  }

  /** Drops a patient's keys from memory (after erasure, or when a transaction rolled back). */
  forget(patientId: string): void {
    this.cache.evictPatient(patientId);
    this.current.delete(patientId);
    for (const listener of this.forgetListeners) listener(patientId);
  }

  clearCache(): void {
    this.cache.clear();
    this.current.clear();
    for (const listener of this.forgetListeners) listener(undefined);
  }

  /**
   * For caches of what these keys decrypted (e.g. records' decrypted entries): called whenever a
   * patient's keys leave memory (`patientId`: erasure here or on another node) or all of them do
   * (`undefined`: cluster connection lost, shutdown) — plaintext must not outlive its key.
   */
  onForget(listener: (patientId: string | undefined) => void): void {
    this.forgetListeners.add(listener);
  }

  /** Shutdown: every unwrapped key is zeroed and dropped (the sweep's timer stops with the cache). */
  onModuleDestroy(): void {
    this.clearCache();
  }

  private async create(patientId: string, db: Db): Promise<DataKey> {
    const key = randomBytes(KEY_BYTES);
    const wrapped = await this.kek.wrap(key, dekAad(patientId, 1));
    // A concurrent creator wins quietly; we then read its key.
    const inserted = await db.$executeRaw`
      INSERT INTO "patient_keys" ("patient_id", "version", "kek_version", "wrapped_key")
      VALUES (${patientId}::uuid, 1, ${wrapped.kekVersion}, ${wrapped.ciphertext})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return this.currentKey(patientId, db);
    this.remember(patientId, 1, key);
    return { version: 1, key };
  }

  private async unwrapRow(row: {
    patientId: string;
    version: number;
    kekVersion: string;
    wrappedKey: Uint8Array | null;
  }): Promise<Buffer> {
    if (!row.wrappedKey) throw new PatientErasedError();
    const key = await this.kek.unwrap(
      { kekVersion: row.kekVersion, ciphertext: Buffer.from(row.wrappedKey) },
      dekAad(row.patientId, row.version),
    );
    this.remember(row.patientId, row.version, key);
    return key;
  }

  private remember(patientId: string, version: number, key: Buffer): void {
    this.cache.set(patientId, version, key);
    if (this.current.size > 100_000) this.current.clear(); // a hint only: bounded like the cache
    if ((this.current.get(patientId) ?? 0) < version) this.current.set(patientId, version);
  }
}
