/** The audit contract (briefs/audit-contract.md): what every module records. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E'; // FHIR AuditEvent.action
export type AuditOutcome = 'success' | 'failure' | 'denied';
export type PurposeOfUse = 'treatment' | 'emergency' | 'operations';

export interface AuditActor {
  userId?: string;
  role?: string;
  address?: string;
  userAgent?: string;
}

export interface AuditEventInput {
  /** Dotted code, e.g. 'auth.login', 'patient.read', 'entry.create', 'breakglass.start'. */
  type: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Absent for system jobs (then the actor is 'system'). */
  actor?: AuditActor;
  patientId?: string;
  /** Ids only, never content. */
  entity?: { type: string; ids: string[] };
  purposeOfUse?: PurposeOfUse;
  /** Free text the user gave (e.g. a break-glass reason), never clinical content. */
  reason?: string;
  correlationId?: string;
}
