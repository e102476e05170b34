import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import { isPgClient, prepared } from '../database/pg-transaction.js';
import { PG_POOL } from '../database/prisma.service.js';
import { AuditSequencer } from './audit-sequencer.js';
import type { UncheckedAuditEvent } from './audit.types.js';
import { canonical, toStoredEvent } from './canonical.js';
import { GroupCommit } from './group-commit.js';

export type {
  AuditAction,
  AuditActor,
  AuditEntityType,
  AuditEventInput,
  AuditEventType,
  AuditOutcome,
  PurposeOfUse,
} from './audit.types.js';

const APPEND_SQL = 'SELECT audit_append($1::text[])';
const STAGE_SQL = 'INSERT INTO "audit_pending" ("canonical") SELECT unnest($1::text[])';
/**
 * Appends events to the hash-chained audit log. The chain is extended by the `audit_append` SQL
 * function under the chain-head row lock, which the caller's transaction holds until it commits:
 * record audit events as the LAST statement of a transaction to keep that window short.
 *
 * Without a transaction, concurrent calls are group-committed (GroupCommit): while one append is
 * in flight, new events queue and go together in the next single-statement append. Each caller's
 * promise settles only when its own events are committed (or the append failed).
 */
@Injectable()
export class AuditService {
  /** Events this process has appended (a process that wrote nothing signs no shutdown checkpoint). */
  appended = 0;
  /** Correlation ids of recently recorded denials/failures, so AuditDenials does not record them twice. */
  private readonly deniedRecently = new Set<string>();
  private readonly appends: GroupCommit;
  private readonly stages: GroupCommit;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    private readonly sequencer: AuditSequencer,
  ) {
    this.appends = new GroupCommit(pool, APPEND_SQL);
    this.stages = new GroupCommit(pool, STAGE_SQL);
  }

  /** Appends one event inside the caller's transaction (so the work and its audit commit together);
   *  without tx it runs its own transaction. Throws if it cannot write — the caller's request then fails.
   *  Build events with `auditEvent()` (audit-event.ts) or a `PatientScope`: their types are closed
   *  sets. A hand-built literal (tests, fixtures) is checked at run time; src/ has none (test/architecture). */
  async record(event: UncheckedAuditEvent, tx?: Prisma.TransactionClient | pg.ClientBase): Promise<void> {
    await this.recordMany([event], tx);
  }

  async recordMany(
    events: UncheckedAuditEvent[],
    tx?: Prisma.TransactionClient | pg.ClientBase,
  ): Promise<void> {
    if (events.length === 0) return;
    const texts = this.canonicalTexts(events);
    if (tx) {
      if (isPgClient(tx)) await tx.query(prepared(APPEND_SQL, [texts]));
      else await tx.$executeRawUnsafe(APPEND_SQL, texts);
      this.appended += texts.length;
      return;
    }
    await this.appends.write(texts);
    this.appended += texts.length;
  }

  /**
   * For high-volume writers (the HL7 import) and reads: stages the events without taking the
   * chain-head lock, so such transactions commit in parallel. In the caller's transaction they
   * commit or roll back with the work; without one (a read, whose PHI must not leave before its
   * event commits) concurrent callers' events are group-committed by one statement, and the promise
   * settles when they are committed. The sequencer chains staged events milliseconds after commit
   * (AuditSequencer), and every reader of the chain drains staging first. Throws if it cannot
   * write, like record().
   */
  async stage(events: UncheckedAuditEvent[], tx?: Prisma.TransactionClient | pg.ClientBase): Promise<void> {
    if (events.length === 0) return;
    const texts = this.canonicalTexts(events);
    if (!tx) await this.stages.write(texts);
    else if (isPgClient(tx)) await tx.query(prepared(STAGE_SQL, [texts]));
    else await tx.$executeRawUnsafe(STAGE_SQL, texts);
    this.appended += events.length;
    this.sequencer.poke();
  }

  /** Validates and serialises events (an invalid one throws InvalidAuditEventError). */
  private canonicalTexts(events: UncheckedAuditEvent[]): string[] {
    const now = new Date();
    const texts = events.map((event) => canonical(toStoredEvent(event, now)));
    for (const event of events)
      if (event.outcome !== 'success' && event.correlationId) this.noteDenied(event.correlationId);
    return texts;
  }

  /** True (once) when a denied or failed event with this correlation id was recorded by this process. */
  wasDeniedAudited(correlationId: string): boolean {
    return this.deniedRecently.delete(correlationId);
  }

  private noteDenied(correlationId: string): void {
    if (this.deniedRecently.size >= 10_000) {
      const oldest = this.deniedRecently.values().next().value;
      if (oldest !== undefined) this.deniedRecently.delete(oldest);
    }
    this.deniedRecently.add(correlationId);
  }
}
