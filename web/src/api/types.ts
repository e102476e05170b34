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

// The compliance review's responses (src/audit/review/audit-responses.dto.ts).
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditFlag = AuditEvent['flags'][number];
export type AuditEventsPage = Schemas['AuditEventsPageDto'];
export type VolumeAnomaly = Schemas['VolumeAnomalyDto'];
export type VerifyReport = Schemas['VerifyReportDto'];
export type Checkpoint = Schemas['CheckpointDto'];
