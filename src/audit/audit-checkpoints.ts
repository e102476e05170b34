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
import { DomainError } from '../common/errors/domain-error.js';
import { PG_POOL } from '../database/prisma.service.js';
import { auditEvent } from './audit-event.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier, type VerifyReport } from './audit-verifier.js';
import { AUDIT_WITNESS, type AuditWitness } from './audit-witness.js';
import { CheckpointSigner } from './checkpoint-signer.js';

/** Arbitrary but fixed: the node holding it is the one signing checkpoints right now. */
const CHECKPOINT_LOCK = 7_214_093_312;

/** The chain did not verify, so no checkpoint was signed (the alert is already logged and audited). */
export class CheckpointRefusedError extends DomainError {
  constructor(message: string) {
    super('audit_chain_broken', message, 409);
  }
}

export interface CheckpointView {
  seq: string;
  hash: string;
  recordedAt: string;
  keyId: string;
  signature: string;
}

/**
 * Signed checkpoints of the chain head: every AUDIT_CHECKPOINT_INTERVAL_SECONDS (when the chain has
 * grown) and at shutdown, each kept in audit_checkpoints and in the witness outside the database.
 */
@Injectable()
export class AuditCheckpoints implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer?: NodeJS.Timeout;
  /** Broken-chain alerts this process recorded (they do not call for a shutdown checkpoint). */
  private alerts = 0;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signer: CheckpointSigner,
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
    @Inject(AUDIT_WITNESS) private readonly witness: AuditWitness,
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
    if (this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS > 0 && this.audit.appended > this.alerts)
      await this.checkpointSafely();
  }

  /**
   * Signs the chain's last event unless it is already checkpointed; returns the new checkpoint.
   * One node at a time (advisory lock; a node that finds it taken signs nothing this round). The
   * chain since the previous checkpoint is verified first — against the witness too — and a chain
   * that does not verify is never signed: it raises an alert and CheckpointRefusedError.
   */
  async checkpoint(): Promise<CheckpointView | null> {
    const lock = await this.pool.connect();
    let unlocked = true;
    try {
      const taken = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        CHECKPOINT_LOCK,
      ]);
      if (!taken.rows[0]?.ok) return null;
      unlocked = false;
      try {
        return await this.verifiedCheckpoint();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_LOCK]);
        unlocked = true;
      }
    } finally {
      lock.release(!unlocked); // a connection that may still hold the lock is closed, not pooled
    }
  }

  private async verifiedCheckpoint(): Promise<CheckpointView | null> {
    const report = await this.verifier.verify({ sinceLastCheckpoint: true });
    if (!report.intact) {
      await this.alert(report);
      const bad = report.firstBad!;
      throw new CheckpointRefusedError(
        `audit chain broken at seq ${bad.seq} (${bad.problem}: ${bad.detail}); nothing signed`,
      );
    }
    if (report.lastSeq === '0' || report.lastSeq === report.lastCheckpointSeq) return null;
    const claim = {
      seq: BigInt(report.lastSeq),
      hash: Buffer.from(report.lastHash, 'hex'),
      recordedAt: new Date(),
    };
    const signature = this.signer.sign(claim);
    const inserted = await this.pool.query(
      `INSERT INTO "audit_checkpoints" ("seq", "hash", "recorded_at", "key_id", "signature") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("seq") DO NOTHING`,
      [report.lastSeq, claim.hash, claim.recordedAt, this.signer.keyId, signature],
    );
    if (inserted.rowCount === 0) return null;
    // Outside the database too: what is signed cannot be taken back by its account.
    await this.witness.append({ ...claim, keyId: this.signer.keyId, signature });
    return {
      seq: report.lastSeq,
      hash: report.lastHash,
      recordedAt: claim.recordedAt.toISOString(),
      keyId: this.signer.keyId,
      signature: signature.toString('base64'),
    };
  }

  /** A chain that does not verify: an error in the log and a failed audit.verify event (PHI-free). */
  private async alert(report: VerifyReport): Promise<void> {
    const bad = report.firstBad!;
    this.logger.error(
      `AUDIT CHAIN BROKEN at seq ${bad.seq} (${bad.problem}): ${bad.detail}; checkpoint refused, investigate with audit:verify`,
    );
    await this.audit
      .record(
        auditEvent('audit.verify', {
          outcome: 'failure',
          ids: [bad.seq],
          reason: `checkpoint refused: ${bad.problem}: ${bad.detail}`.slice(0, 500),
        }),
      )
      .then(() => void this.alerts++)
      .catch((error: unknown) =>
        this.logger.error(`could not record the broken-chain alert: ${(error as Error).message}`),
      );
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
