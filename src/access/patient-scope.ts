import { auditEvent, type AuditEventFields } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditEventInput, AuditEventType, PurposeOfUse } from '../audit/audit.types.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';

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
    private readonly auditLog: Pick<AuditService, 'recordMany'>,
  ) {}

  /** The event, built but not written (to record it together with others, or stage it). */
  event(type: AuditEventType, ids?: readonly string[], fields: ScopedFields = {}): AuditEventInput {
    return auditEvent(type, {
      ...fields,
      ids,
      patientId: this.patientId,
      purposeOfUse: this.purposeOfUse,
      caller: this.caller,
    });
  }

  /** Writes the event in the scope's transaction (call it last: the chain-head lock lasts until commit). */
  async audit(type: AuditEventType, ids?: readonly string[], fields?: ScopedFields): Promise<void> {
    await this.auditLog.recordMany([this.event(type, ids, fields)], this.tx);
  }

  /** Several events of this patient in one append. */
  async auditMany(events: AuditEventInput[]): Promise<void> {
    await this.auditLog.recordMany(events, this.tx);
  }
}
