// Shapes of the API responses the client reads. Generated: `schema.d.ts` is written from the committed
// openapi.json by `npm run openapi:types` (test/http/web-api-types.spec.ts fails when it drifts); the
// names below are the client's, aliased to the server's DTOs.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The JSON body of an operation's 200 response. */
type Ok<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Role = Schemas['Role'];
export type Me = Schemas['MeDto'];
export type TokenResponse = Schemas['AccessTokenDto'];
export type HumanName = Schemas['HumanNameDto'];
export type Patient = Schemas['PatientDto'];
export type EntryProvenance = Schemas['EntryProvenanceDto'];
/** `kind` stays a string (the server's DTO lists today's kinds), so forms and filters may hold any. */
export type Entry = Omit<Schemas['EntryDto'], 'kind'> & { kind: string };
export type BreakGlassGrant = Schemas['BreakGlassGrantDto'];
export type Citation = Schemas['CitationDto'];
export type ReportSentence = Schemas['SentenceDto'];
export type ReportSection = Schemas['SectionDto'];
export type Report = Schemas['ReportDto'];
export type ReportSummary = Schemas['ReportSummaryDto'];
export type MemoryTrace = Schemas['MemoryTraceDto'];
export type RetrievalResult = Schemas['RetrievalResultDto'];
export type RetrievalWhy = Schemas['RetrievalWhyDto'];
export type UserSummary = Schemas['UserDto'];
export type CareTeamMember = Schemas['CareTeamMemberDto'];
export type ImportJob = Ok<'/api/ingest/jobs/{id}', 'get'>;
export type QuarantinedMessage = Ok<'/api/ingest/quarantine', 'get'>['messages'][number];
export type ReplayOutcome = Ok<'/api/ingest/quarantine/{id}/replay', 'post'>;

/** A page of a list (the timeline's `TimelinePageDto` is `Page<Entry>`). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

// The compliance review's responses are not described in openapi.json yet (the audit controller
// declares no response DTO); until they are, their shapes are copied from
// src/audit/review/audit-query.service.ts and audit-verifier.ts.

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
