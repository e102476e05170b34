import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import { PG_POOL } from '../database/prisma.service.js';
import type { AuditEventInput } from './audit.types.js';
import { canonical, toStoredEvent } from './canonical.js';

export type { AuditAction, AuditActor, AuditEventInput, AuditOutcome, PurposeOfUse } from './audit.types.js';

/**
 * Appends events to the hash-chained audit log. The chain is extended by the `audit_append` SQL
 * function under the chain-head row lock, which the caller's transaction holds until it commits:
 * record audit events as the LAST statement of a transaction to keep that window short.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** Appends one event inside the caller's transaction (so the work and its audit commit together);
   *  without tx it runs its own transaction. Throws if it cannot write — the caller's request then fails. */
  async record(event: AuditEventInput, tx?: Prisma.TransactionClient): Promise<void> {
    await this.recordMany([event], tx);
  }

  async recordMany(events: AuditEventInput[], tx?: Prisma.TransactionClient): Promise<void> {
    if (events.length === 0) return;
    const now = new Date();
    const texts = events.map((event) => canonical(toStoredEvent(event, now)));
    if (tx) {
      await tx.$executeRawUnsafe('SELECT audit_append($1::text[])', texts);
    } else {
      // One autocommit statement: the head lock is held only while the function runs.
      await this.pool.query('SELECT audit_append($1::text[])', [texts]);
    }
  }
}
