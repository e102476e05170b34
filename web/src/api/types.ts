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
  name: HumanName;
  birthDate: string;
  sex: string;
  allergies?: Allergy[];
  access?: { via: 'care-team' | 'break-glass'; expiresAt?: string };
}

export interface Allergy {
  substance: string;
  reaction?: string;
  severity?: string;
}

export interface Entry {
  id: string;
  patientId: string;
  kind: string;
  occurredAt: string;
  body: Record<string, unknown>;
  version?: number;
  createdAt?: string;
  author?: { id: string; email?: string; name?: string } | null;
  source?: Provenance | null;
}

export interface Provenance {
  type?: string;
  messageControlId?: string;
  sendingApplication?: string;
  sendingFacility?: string;
  messageType?: string;
  receivedAt?: string;
  jobId?: string;
  [key: string]: unknown;
}

export interface EntryVersion extends Entry {
  version: number;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface BreakGlassGrant {
  id?: string;
  patientId: string;
  expiresAt: string;
  reason?: string;
}

export interface Citation {
  entryId: string;
  quote: string;
  start: number;
  end: number;
}

export interface ReportSentence {
  text: string;
  citations: Citation[];
  unsupported?: { reason: string } | null;
}

export interface ReportSection {
  title: string;
  sentences: ReportSentence[];
}

export interface Report {
  id: string;
  patientId: string;
  question: string;
  status?: 'draft' | 'signed';
  sections: ReportSection[];
  signedAt?: string | null;
  signedBy?: string | null;
  createdAt?: string;
}

export interface AuditEvent {
  id?: string;
  sequence: number | string;
  occurredAt?: string;
  recordedAt?: string;
  type: string;
  action: string;
  outcome: string;
  actorId?: string | null;
  actorRole?: string | null;
  actor?: { userId?: string; role?: string; address?: string; email?: string } | null;
  patientId?: string | null;
  purposeOfUse?: string | null;
  reason?: string | null;
  entityType?: string | null;
  entityIds?: string[];
  correlationId?: string | null;
}

export interface ChainStatus {
  ok?: boolean;
  valid?: boolean;
  verifiedThrough?: number | string;
  lastSequence?: number | string;
  checkedEvents?: number;
  firstBadSequence?: number | string | null;
  lastCheckpoint?: { sequence: number | string; createdAt?: string; at?: string } | null;
  [key: string]: unknown;
}

export interface UserSummary {
  id: string;
  email: string;
  role: Role;
  disabled?: boolean;
  disabledAt?: string | null;
  mfaEnabled?: boolean;
  createdAt?: string;
}

export interface ImportJob {
  id: string;
  status: string;
  source?: string;
  total?: number;
  processed?: number;
  accepted?: number;
  duplicates?: number;
  quarantined?: number;
  failed?: number;
  createdAt?: string;
  finishedAt?: string | null;
}

export interface QuarantinedMessage {
  id: string;
  reason: string;
  receivedAt?: string;
  createdAt?: string;
  messageControlId?: string | null;
  messageType?: string | null;
  sendingApplication?: string | null;
  jobId?: string | null;
  status?: string;
}
