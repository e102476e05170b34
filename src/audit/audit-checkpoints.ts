import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PG_POOL } from '../database/prisma.service.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditService } from './audit.service.js';
import { CheckpointSigner } from './checkpoint-signer.js';

export interface CheckpointView {
  seq: string;
  hash: string;
  recordedAt: string;
  keyId: string;
  signature: string;
}

/**
 * Signed checkpoints of the chain head: every AUDIT_CHECKPOINT_INTERVAL_SECONDS (when the chain has
 * grown) and at shutdown. Several instances may race; the seq primary key keeps one per seq.
 */
@Injectable()
export class AuditCheckpoints implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signer: CheckpointSigner,
    private readonly audit: AuditService,
    private readonly sequencer: AuditSequencer,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
    if (seconds === 0) return;
    this.timer = setInterval(() => void this.checkpointSafely(), seconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // Only a process that appended signs at shutdown (not, say, `audit:verify` over a broken chain).
    if (this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS > 0 && this.audit.appended > 0)
      await this.checkpointSafely();
  }

  /** Signs the current last event unless it is already checkpointed; returns the new checkpoint. */
  async checkpoint(): Promise<CheckpointView | null> {
    await this.sequencer.drain();
    const last = await this.pool.query<{ seq: string; hash: Buffer; covered: boolean }>(
      `SELECT e."seq", e."hash", EXISTS (SELECT 1 FROM "audit_checkpoints" c WHERE c."seq" >= e."seq") AS covered
         FROM "audit_events" e ORDER BY e."seq" DESC LIMIT 1`,
    );
    const row = last.rows[0];
    if (!row || row.covered) return null;
    const claim = { seq: BigInt(row.seq), hash: row.hash, recordedAt: new Date() };
    const signature = this.signer.sign(claim);
    const inserted = await this.pool.query(
      `INSERT INTO "audit_checkpoints" ("seq", "hash", "recorded_at", "key_id", "signature") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("seq") DO NOTHING`,
      [row.seq, claim.hash, claim.recordedAt, this.signer.keyId, signature],
    );
    if (inserted.rowCount === 0) return null;
    return {
      seq: row.seq,
      hash: claim.hash.toString('hex'),
      recordedAt: claim.recordedAt.toISOString(),
      keyId: this.signer.keyId,
      signature: signature.toString('base64'),
    };
  }

  /** All checkpoints (newest first, at most `limit`) with the public key that verifies them. */
  async list(limit = 1000): Promise<{ publicKeyPem: string; checkpoints: CheckpointView[] }> {
    const rows = await this.pool.query<{
      seq: string;
      hash: Buffer;
      recorded_at: Date;
      key_id: string;
      signature: Buffer;
    }>(
      'SELECT "seq", "hash", "recorded_at", "key_id", "signature" FROM "audit_checkpoints" ORDER BY "seq" DESC LIMIT $1',
      [limit],
    );
    return {
      publicKeyPem: this.signer.publicKeyPem(),
      checkpoints: rows.rows.map((r) => ({
        seq: r.seq,
        hash: r.hash.toString('hex'),
        recordedAt: r.recorded_at.toISOString(),
        keyId: r.key_id,
        signature: r.signature.toString('base64'),
      })),
    };
  }

  private async checkpointSafely(): Promise<void> {
    try {
      await this.checkpoint();
    } catch (error) {
      this.logger.error(`audit checkpoint failed: ${(error as Error).message}`);
    }
  }
}
