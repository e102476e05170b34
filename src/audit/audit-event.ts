import type { Caller } from '../common/caller.js';
import {
  AUDIT_EVENT_TYPES,
  type AuditAction,
  type AuditActor,
  type AuditEntityType,
  type AuditEventInput,
  type AuditEventType,
  type AuditOutcome,
  type PurposeOfUse,
} from './audit.types.js';

export interface AuditEventFields {
  /** The ids the event names (never content); their type comes from AUDIT_EVENT_TYPES. */
  ids?: readonly string[];
  /** Only where AUDIT_EVENT_TYPES leaves the entity type open or names another default. */
  entityType?: AuditEntityType;
  /** Only where the action depends on the request (access.denied). */
  action?: AuditAction;
  outcome?: AuditOutcome;
  patientId?: string;
  purposeOfUse?: PurposeOfUse;
  reason?: string;
  /** The user and request; absent for system jobs (actor 'system'). */
  caller?: Caller;
  /** Instead of a caller, where only an actor is known (a request that is not authenticated yet). */
  actor?: AuditActor;
  correlationId?: string;
}

/** Thrown at the call site (a programming error): an event with ids but no entity type. */
export class AuditEntityTypeMissingError extends Error {
  constructor(type: AuditEventType) {
    super(`audit event ${type} names ids but has no entity type`);
    this.name = 'AuditEntityTypeMissingError';
  }
}

/**
 * The one builder of audit events: action and entity type come from the event type, outcome
 * defaults to success, actor and correlation id from the caller.
 *
 *   auditEvent('entry.read', { ids: [entryId], patientId, purposeOfUse, caller })
 */
export function auditEvent(type: AuditEventType, fields: AuditEventFields = {}): AuditEventInput {
  const [action, entityType] = AUDIT_EVENT_TYPES[type] as readonly [AuditAction, AuditEntityType | null];
  const entity = fields.entityType ?? entityType;
  if (fields.ids && !entity) throw new AuditEntityTypeMissingError(type);
  const actor = fields.caller?.actor ?? fields.actor;
  const correlationId = fields.caller?.correlationId ?? fields.correlationId;
  return {
    type,
    action: fields.action ?? action,
    outcome: fields.outcome ?? 'success',
    ...(actor ? { actor } : {}),
    ...(fields.patientId ? { patientId: fields.patientId } : {}),
    ...(fields.ids && entity ? { entity: { type: entity, ids: [...fields.ids] } } : {}),
    ...(fields.purposeOfUse ? { purposeOfUse: fields.purposeOfUse } : {}),
    ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}
