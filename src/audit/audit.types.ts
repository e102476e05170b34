import type { AuditActor } from '../common/caller.js';

/** The audit contract: what every module records. Event and entity types are closed sets. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E'; // FHIR AuditEvent.action
export type AuditOutcome = 'success' | 'failure' | 'denied';
export type PurposeOfUse = 'treatment' | 'emergency' | 'operations';
export type { AuditActor } from '../common/caller.js';

/** What an event's ids name. One spelling each (PascalCase, as FHIR resource types). */
export const AUDIT_ENTITY_TYPES = [
  'Patient',
  'Entry',
  'Report',
  'User',
  'AuthSession',
  'BreakGlassGrant',
  'Route',
  'AuditChain',
  'AuditCheckpoint',
  'AuditEvent',
  'AuditAnomaly',
  'AuditExport',
  'Hl7Message',
  'IngestMessage',
  'IngestImportJob',
  'KeyRotation',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * Every event type there is, with its FHIR action and the entity type its ids name (null: none,
 * or chosen per event). Adding an event means adding it here: the one list compliance reads.
 */
export const AUDIT_EVENT_TYPES = {
  'access.denied': ['E', 'Route'], // action: the refused request's method
  'audit.export': ['E', 'AuditExport'],
  'audit.read': ['R', 'AuditEvent'], // or AuditCheckpoint / AuditAnomaly
  'audit.verify': ['E', 'AuditChain'],
  'auth.login': ['E', 'AuthSession'],
  'auth.login.mfa': ['E', null],
  'auth.login.mfa-enrolment': ['E', 'AuthSession'],
  'auth.login.throttled': ['E', null],
  'auth.logout': ['E', 'AuthSession'],
  'auth.mfa.confirm': ['U', 'User'],
  'auth.mfa.enrol': ['C', 'User'],
  'auth.password.change': ['U', 'User'],
  'auth.refresh': ['E', null],
  'auth.refresh.reuse': ['E', 'AuthSession'],
  'breakglass.lookup': ['E', null],
  /** Emergency access to one patient opened (ids: the grant). */
  'breakglass.start': ['E', 'BreakGlassGrant'],
  /** A patient merge moved an active grant to the survivor: ids of the new grant, then the ended one. */
  'breakglass.carry': ['C', 'BreakGlassGrant'],
  'careteam.add': ['C', 'User'],
  'careteam.read': ['R', 'User'],
  'careteam.remove': ['D', 'User'],
  'entry.amend': ['U', 'Entry'],
  'entry.create': ['C', 'Entry'],
  'entry.embed': ['C', 'Entry'],
  'entry.history': ['R', 'Entry'],
  'entry.list': ['R', 'Entry'],
  'entry.read': ['R', 'Entry'],
  'ingest.duplicate': ['C', 'IngestMessage'],
  'ingest.import': ['C', 'IngestImportJob'],
  'ingest.process': ['C', 'IngestMessage'],
  'ingest.receive': ['C', 'IngestMessage'],
  'ingest.refused': ['C', null],
  'ingest.replay': ['U', 'IngestMessage'],
  'keys.rotate': ['U', 'KeyRotation'],
  'keys.rotate.start': ['E', 'KeyRotation'],
  'patient.access': ['R', null],
  'patient.create': ['C', 'Patient'], // or Hl7Message for an import
  'patient.erase': ['D', 'Patient'],
  'patient.memory.snapshot': ['C', 'Patient'], // a system job re-read the record to snapshot its retrieval memory
  /** HL7 identifier change (A47) onto an identifier not yet known: the patient's MRN is replaced. */
  'patient.identifier.change': ['U', 'Patient'],
  /** HL7 link (A24) / unlink (A37) of two patient records: ids of both. */
  'patient.link': ['U', 'Patient'],
  /** HL7 merge (A40, A39, A41, A42, A47): ids of the survivor and the merged patient. */
  'patient.merge': ['U', 'Patient'],
  /** HL7 delete person (A29): recorded and audited; nothing is removed (soft retraction). */
  'patient.retract': ['U', 'Patient'],
  'patient.unlink': ['U', 'Patient'],
  'patient.read': ['R', 'Patient'],
  'patient.search': ['E', 'Patient'],
  'patient.update': ['U', 'Hl7Message'],
  'report.create': ['C', 'Report'],
  /** The entries a draft's generator was given (read and decrypted for it), not only the cited ones. */
  'report.draft.read': ['R', 'Entry'],
  /** The entries a stored draft or edit cites. */
  'report.evidence': ['R', 'Entry'],
  'report.export': ['R', 'Report'],
  /** A patient's reports listed (ids of the reports shown). */
  'report.list': ['R', 'Report'],
  'report.read': ['R', 'Report'],
  'report.sign': ['U', 'Report'],
  'report.update': ['U', 'Report'],
  'retrieval.query': ['R', 'Entry'],
  'user.create': ['C', 'User'],
  'user.disable': ['U', 'User'],
  'user.enable': ['U', 'User'],
  /** A one-time enrolment code issued for an existing user (the user sets their own password with it). */
  'user.enrolment': ['U', 'User'],
  'user.mfa.reset': ['U', 'User'],
  'user.role.change': ['U', 'User'],
} as const satisfies Record<string, readonly [AuditAction, AuditEntityType | null]>;
export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

export interface AuditEventInput {
  /** Dotted code, e.g. 'auth.login', 'patient.read', 'entry.create', 'breakglass.start'. */
  type: AuditEventType;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Absent for system jobs (then the actor is 'system'). */
  actor?: AuditActor;
  patientId?: string;
  /** Ids only, never content. */
  entity?: { type: AuditEntityType; ids: string[] };
  purposeOfUse?: PurposeOfUse;
  /** Free text the user gave (e.g. a break-glass reason), never clinical content. */
  reason?: string;
  correlationId?: string;
}

/** An event as the run-time validator takes it (tests, fixtures): the closed sets are checked there. */
export type UncheckedAuditEvent = Omit<AuditEventInput, 'type' | 'entity'> & {
  type: string;
  entity?: { type: string; ids: string[] };
};
