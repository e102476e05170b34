import type pg from 'pg';
import { auditEvent, type AuditEventFields } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditEventInput, AuditEventType, PurposeOfUse } from '../audit/audit.types.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { isPool } from '../database/pg-transaction.js';

type ScopedFields = Omit<AuditEventFields, 'ids' | 'patientId' | 'purposeOfUse' | 'caller' | 'actor'>;

/**
 * One patient a caller may see now, and the transaction that checked it (PatientAccessService):
 * what every patient read takes. Its events carry the patient, the purpose of use (treatment or
 * emergency) and the caller, and are written in that transaction — so the work and its audit
 * commit together, and services never hand-build an audit event.
 *
 *   const scope = await access.requireAccess(caller, patientId, tx);
 *   await scope.audit('entry.list', ids);
 */
export class PatientScope {
  constructor(
    readonly patientId: string,
    /** What the access rests on; absent for a system job's scope. */
    readonly purposeOfUse: PurposeOfUse | undefined,
    /** The user and request; absent for a system job (actor 'system'). */
    readonly caller: Caller | undefined,
    /** The transaction the access check ran in: read, and audit, in it. */
    readonly tx: Db,
    private readonly auditLog: Pick<AuditService, 'recordMany' | 'stage'>,
    /**
     * Set when the access check ran on node-postgres (the hot read paths): read and audit through
     * it. A client in a transaction: events commit with it. The pool itself (timeline, single
     * entry): each statement commits on its own and events are group-committed with concurrent
     * reads' — `audit` returns once they are committed, before the caller returns any PHI. `tx` is
     * then the Prisma client outside, for the odd Prisma read (a data key missing from the cache).
     */
    readonly client?: pg.ClientBase | pg.Pool,
  ) {}

  /** The event, built but not written (to write it together with others). */
  event(type: AuditEventType, ids?: readonly string[], fields: ScopedFields = {}): AuditEventInput {
    return auditEvent(type, {
      ...fields,
      ids,
      patientId: this.patientId,
      purposeOfUse: this.purposeOfUse,
      caller: this.caller,
    });
  }

  /** Writes the event in the scope's transaction, so it commits (or rolls back) with the work. */
  async audit(type: AuditEventType, ids?: readonly string[], fields?: ScopedFields): Promise<void> {
    await this.auditMany([this.event(type, ids, fields)]);
  }

  /**
   * Several events of this patient, in the scope's transaction. Reads (every event's action `R`) in
   * a transaction are staged — no chain-head lock, so concurrent reads commit in parallel; the
   * sequencer chains them milliseconds after commit and every reader of the log drains first.
   * Without a transaction (the pool), events are group-committed straight into the chain with
   * concurrent callers' (one head lock per statement, none held through anyone's commit). Anything
   * else is appended to the chain at once (the head lock lasts until commit: call it last).
   */
  async auditMany(events: AuditEventInput[]): Promise<void> {
    const db = this.client && isPool(this.client) ? undefined : (this.client ?? this.tx);
    if (db && events.every((event) => event.action === 'R')) await this.auditLog.stage(events, db);
    else await this.auditLog.recordMany(events, db);
  }
}
