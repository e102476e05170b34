import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import { isPgClient, prepared } from '../database/pg-transaction.js';
import { PG_POOL } from '../database/prisma.service.js';
import { AuditSequencer } from './audit-sequencer.js';
import type { UncheckedAuditEvent } from './audit.types.js';
import { canonical, toStoredEvent } from './canonical.js';

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
/** At most this many queued events go into one group append. */
const MAX_GROUP = 1000;

interface Waiter {
  texts: string[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Appends events to the hash-chained audit log. The chain is extended by the `audit_append` SQL
 * function under the chain-head row lock, which the caller's transaction holds until it commits:
 * record audit events as the LAST statement of a transaction to keep that window short.
 *
 * Without a transaction, concurrent calls are group-committed: while one append is in flight, new
 * events queue and go together in the next single-statement append. Each caller's promise settles
 * only when its own events are committed (or the append failed).
 */
@Injectable()
export class AuditService {
  /** Events this process has appended (a process that wrote nothing signs no shutdown checkpoint). */
  appended = 0;
  private queue: Waiter[] = [];
  /** Correlation ids of recently recorded denials/failures, so AuditDenials does not record them twice. */
  private readonly deniedRecently = new Set<string>();
  private flushing = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly sequencer: AuditSequencer,
  ) {}

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
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * For high-volume writers (the HL7 import): stages the events inside the caller's transaction
   * without taking the chain-head lock, so such transactions commit in parallel. They commit or roll
   * back with the work; the sequencer chains them milliseconds after commit (AuditSequencer), and
   * every reader of the chain drains staging first. Throws if it cannot write, like record().
   */
  async stage(events: UncheckedAuditEvent[], tx: Prisma.TransactionClient | pg.ClientBase): Promise<void> {
    if (events.length === 0) return;
    const texts = this.canonicalTexts(events);
    if (isPgClient(tx)) await tx.query(prepared(STAGE_SQL, [texts]));
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

  private async appendEach(group: Waiter[]): Promise<void> {
    for (const waiter of group) {
      try {
        await this.pool.query(APPEND_SQL, [waiter.texts]);
        this.appended += waiter.texts.length;
        waiter.resolve();
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group: Waiter[] = [];
        let size = 0;
        while (
          this.queue.length > 0 &&
          (group.length === 0 || size + this.queue[0]!.texts.length <= MAX_GROUP)
        ) {
          const waiter = this.queue.shift() as Waiter;
          group.push(waiter);
          size += waiter.texts.length;
        }
        try {
          // One autocommit statement: the head lock is held only while the function runs.
          await this.pool.query(APPEND_SQL, [group.flatMap((w) => w.texts)]);
          this.appended += group.reduce((n, w) => n + w.texts.length, 0);
          for (const waiter of group) waiter.resolve();
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else await this.appendEach(group); // one bad event must not fail its neighbours
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
