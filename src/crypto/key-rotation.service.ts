import { Inject, Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PG_POOL, PrismaService } from '../database/prisma.service.js';
import { BlindIndexService } from './blind-index.service.js';
import { KeyManagementError } from './crypto-errors.js';
import { KEK_PROVIDER, type KekProvider } from './kek-provider.js';
import { authSecretKeyAad, dekAad, indexKeyAad } from './key-aad.js';

export interface RotationOptions {
  batchSize?: number;
  /** Pause between batches, to spread the load on a busy database. */
  throttleMs?: number;
  onProgress?: (progress: { rewrapped: number; remaining: number }) => void;
}

export interface RotationResult {
  rotationId: string;
  resumed: boolean;
  targetKekVersion: string;
  rewrapped: number;
  retiredVersions: string[];
}

const ROTATION_LOCK = 0x616e616d; // pg advisory lock id: one rotation at a time, cluster-wide

/**
 * `keys:rotate`: a new KEK version becomes primary, then every wrapped key (patient DEKs, the blind
 * index key) is rewrapped under it in small committed batches. Each row is either under the old or
 * the new version at every moment, so data stays readable if the job is killed; running it again
 * resumes the unfinished rotation. Old versions are retired only when nothing is wrapped under them.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger('KeyRotation');

  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(KEK_PROVIDER) private readonly kek: KekProvider,
    private readonly blindIndex: BlindIndexService,
    private readonly audit: AuditService,
  ) {}

  async rotate(options: RotationOptions = {}): Promise<RotationResult> {
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        ROTATION_LOCK,
      ]);
      if (!rows[0]?.ok) throw new DomainError('rotation_running', 'a key rotation is already running', 409);
      try {
        return await this.run(options);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [ROTATION_LOCK]);
      }
    } finally {
      lock.release();
    }
  }

  private async run({
    batchSize = 200,
    throttleMs = 0,
    onProgress,
  }: RotationOptions): Promise<RotationResult> {
    let job = await this.prisma.keyRotation.findFirst({ where: { status: 'running' } });
    const resumed = job !== null;
    if (!job) {
      const target = this.kek.canRotate ? await this.kek.rotate() : this.kek.primaryVersion();
      if (!this.kek.canRotate && (await this.remaining(target)) === 0) {
        throw new KeyManagementError(
          'every key is already under the primary KEK; with KEK_BASE64 put a new key first ("new,old") to rotate',
        );
      }
      job = await this.prisma.keyRotation.create({ data: { targetKekVersion: target } });
      await this.audit.record(auditEvent('keys.rotate.start', { ids: [job.id] }));
      this.logger.log(`rotation ${job.id} started: new KEK version ${target}`);
    } else {
      this.logger.log(`resuming rotation ${job.id} (${job.rewrapped} keys already rewrapped)`);
    }
    const target = job.targetKekVersion;
    if (this.kek.primaryVersion() !== target) {
      throw new KeyManagementError(
        `rotation ${job.id} targets KEK ${target}, which is not the provider's primary`,
      );
    }
    let rewrapped = job.rewrapped;
    for (;;) {
      const done = await this.rewrapBatch(job.id, target, batchSize);
      if (done === 0) break;
      rewrapped += done;
      onProgress?.({ rewrapped, remaining: await this.remaining(target) });
      if (throttleMs) await new Promise((resolve) => setTimeout(resolve, throttleMs));
    }
    await this.rewrapIndexKey(target);
    const retired = await this.retireOldVersions(target);
    await this.prisma.$transaction(async (tx) => {
      await tx.keyRotation.update({
        where: { id: job.id },
        data: { status: 'completed', completedAt: new Date(), retiredVersions: retired },
      });
      await this.audit.record(auditEvent('keys.rotate', { ids: [job.id] }), tx);
    });
    this.blindIndex.reset();
    return { rotationId: job.id, resumed, targetKekVersion: target, rewrapped, retiredVersions: retired };
  }

  private remaining(target: string): Promise<number> {
    return this.prisma.patientKey.count({
      where: { kekVersion: { not: target }, wrappedKey: { not: null } },
    });
  }

  /** One committed batch: unwrap under the old version, wrap under the target, compare-and-set. */
  private async rewrapBatch(jobId: string, target: string, batchSize: number): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.patientKey.findMany({
        where: { kekVersion: { not: target }, wrappedKey: { not: null } },
        orderBy: [{ patientId: 'asc' }, { version: 'asc' }],
        take: batchSize,
      });
      for (const row of rows) {
        const aad = dekAad(row.patientId, row.version);
        const key = await this.kek.unwrap(
          { kekVersion: row.kekVersion, ciphertext: Buffer.from(row.wrappedKey!) },
          aad,
        );
        const wrapped = await this.kek.wrap(key, aad);
        key.fill(0);
        if (wrapped.kekVersion !== target)
          throw new KeyManagementError('the primary KEK changed during rotation');
        await tx.patientKey.updateMany({
          where: { patientId: row.patientId, version: row.version, kekVersion: row.kekVersion },
          data: { kekVersion: wrapped.kekVersion, wrappedKey: wrapped.ciphertext },
        });
      }
      if (rows.length)
        await tx.keyRotation.update({
          where: { id: jobId },
          data: { rewrapped: { increment: rows.length } },
        });
      return rows.length;
    });
  }

  /** The installation-wide keys (blind-index key, auth secret key): few rows, rewrapped one by one. */
  private async rewrapIndexKey(target: string): Promise<void> {
    for (const row of await this.prisma.blindIndexKey.findMany({ where: { kekVersion: { not: target } } })) {
      const wrapped = await this.rewrapOne(row.kekVersion, row.wrappedKey, indexKeyAad(row.version));
      await this.prisma.blindIndexKey.updateMany({
        where: { version: row.version, kekVersion: row.kekVersion },
        data: { kekVersion: wrapped.kekVersion, wrappedKey: wrapped.ciphertext },
      });
    }
    for (const row of await this.prisma.authSecretKey.findMany({ where: { kekVersion: { not: target } } })) {
      const wrapped = await this.rewrapOne(row.kekVersion, row.wrappedKey, authSecretKeyAad(row.version));
      await this.prisma.authSecretKey.updateMany({
        where: { version: row.version, kekVersion: row.kekVersion },
        data: { kekVersion: wrapped.kekVersion, wrappedKey: wrapped.ciphertext },
      });
    }
  }

  private async rewrapOne(kekVersion: string, wrappedKey: Uint8Array, aad: Buffer) {
    const key = await this.kek.unwrap({ kekVersion, ciphertext: Buffer.from(wrappedKey) }, aad);
    const wrapped = await this.kek.wrap(key, aad);
    key.fill(0);
    return wrapped;
  }

  /** Retires every other version, but only once no live key is wrapped under it. */
  private async retireOldVersions(target: string): Promise<string[]> {
    const retired: string[] = [];
    for (const version of this.kek.activeVersions().filter((v) => v !== target)) {
      const live =
        (await this.prisma.patientKey.count({ where: { kekVersion: version, wrappedKey: { not: null } } })) +
        (await this.prisma.blindIndexKey.count({ where: { kekVersion: version } })) +
        (await this.prisma.authSecretKey.count({ where: { kekVersion: version } }));
      if (live > 0)
        throw new KeyManagementError(`KEK ${version} still wraps ${live} keys; run keys:rotate again`);
      await this.kek.retire(version);
      retired.push(version);
    }
    return retired;
  }
}
