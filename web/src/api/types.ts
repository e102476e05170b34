// Shapes of the API responses the client reads (see /api/docs). Optional fields are ones not every
// server version sends; the UI degrades gracefully without them.

export type Role = 'admin' | 'clinician' | 'nurse' | 'compliance' | 'integration';

export interface Me {
  id: string;
  email: string;
  role: Role;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  displayName?: string;
}

export interface TokenResponse {
  accessToken: string;
  expiresIn: number;
}

export interface HumanName {
  family: string;
  given: string[];
}

export interface Patient {
  id: string;
  mrn: string;
  assigningAuthority?: string;
  /** How the caller reaches the record: care team (`treatment`) or break-the-glass (`emergency`). */
  access?: 'treatment' | 'emergency' | 'operations';
  name: HumanName;
  birthDate: string;
  sex: string;
}

export interface EntryProvenance {
  recordedById: string | null;
  sourceMessageId: string | null;
  recordedAt: string;
}

export interface Entry {
  id: string;
  patientId: string;
  kind: string;
  occurredAt: string;
  version: number;
  body: Record<string, unknown>;
  provenance?: EntryProvenance;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface BreakGlassGrant {
  grantId: string;
  patientId: string;
  expiresAt: string;
  reason?: string;
}

export interface Citation {
  entryId: string;
  /** Exactly the cited entry's evidence text at [start, end) (src/reports/evidence/evidence-entry.ts). */
  quote: string;
  start: number;
  end: number;
}

export interface ReportSentence {
  text: string;
  citations: Citation[];
  unsupported?: { code: string; reason: string } | null;
}

export interface ReportSection {
  key: string;
  title: string;
  sentences: ReportSentence[];
  notices: string[];
}

export interface Report {
  id: string;
  patientId: string;
  question: string;
  status: 'draft' | 'signed';
  generator: string;
  fallbackReason?: string;
  sections: ReportSection[];
  revision: number;
  unsupportedCount: number;
  createdById: string;
  createdAt: string;
  updatedAt: string;
  signedById: string | null;
  signedAt: string | null;
  signedDigest: string | null;
}

export type AuditFlag = 'break-glass' | 'denied' | 'after-hours' | 'outside-care-team' | 'own-user-care-team';

export interface AuditEvent {
  seq: string;
  id: string;
  recordedAt: string;
  type: string;
  action: string;
  outcome: string;
  actor: { userId: string | null; role: string | null; address: string | null; userAgent: string | null };
  patientId: string | null;
  entity: { type: string; ids: string[] } | null;
  purposeOfUse: string | null;
  reason: string | null;
  correlationId: string | null;
  flags: AuditFlag[];
}

export interface AuditEventsPage {
  items: AuditEvent[];
  nextCursor: string | null;
  total: number;
  totals: Record<AuditFlag, number>;
}

export interface VolumeAnomaly {
  actorUserId: string;
  day: string;
  distinctPatients: number;
  baseline: number;
}

export interface VerifyReport {
  intact: boolean;
  fromSeq?: string;
  eventsChecked: number;
  lastSeq: string;
  checkpointsChecked: number;
  lastCheckpointSeq: string | null;
  firstBad?: { seq: string; problem: string; detail: string };
}

export interface Checkpoint {
  seq: string;
  hash: string;
  recordedAt: string;
  keyId: string;
}

export interface UserSummary {
  id: string;
  email: string;
  role: Role;
  status: 'active' | 'disabled';
  mfaEnabled: boolean;
  createdAt: string;
}

export interface CareTeamMember {
  userId: string;
  email: string;
  role: string;
  startsAt: string;
  endsAt: string | null;
}

export interface ImportJob {
  id: string;
  channel: string;
  source: string;
  status: string;
  bytesTotal: number | null;
  bytesRead: number;
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  problems: { index: number; code: string; reason: string }[];
  createdAt: string;
  finishedAt: string | null;
}

export interface QuarantinedMessage {
  id: string;
  channel: string;
  receivedAt: string;
  sendingApplication: string | null;
  sendingFacility: string | null;
  controlId: string | null;
  messageType: string | null;
  ackCode: string;
  reason: string | null;
  attempts: number;
}

export interface ReplayOutcome {
  id: string;
  status: 'queued' | 'quarantined';
  reason: string | null;
}
