import type { AppConfig } from '../../config/config.schema.js';
import type { AuditFilterDto, EventFlag } from './audit-filter.dto.js';

/** SQL for each per-event anomaly flag (README: "Anomaly flags"). Working hours in AUDIT_TIMEZONE. */
export function flagSql(config: AppConfig): Record<EventFlag, string> {
  const [start, end] = config.AUDIT_WORKING_HOURS.split('-').map(Number);
  const tz = config.AUDIT_TIMEZONE.replace(/[^A-Za-z0-9_+\-/]/g, '');
  const local = `("recorded_at" AT TIME ZONE '${tz}')`;
  return {
    'break-glass': `("purpose_of_use" = 'emergency' OR "type" LIKE 'breakglass.%')`,
    denied: `("outcome" = 'denied')`,
    'after-hours': `(EXTRACT(ISODOW FROM ${local}) >= 6 OR EXTRACT(HOUR FROM ${local}) < ${start} OR EXTRACT(HOUR FROM ${local}) >= ${end})`,
    'outside-care-team': `("patient_id" IS NOT NULL AND ("outcome" = 'denied' OR "purpose_of_use" = 'emergency'))`,
    // An administrator adding to a care team a user they created or issued an enrolment code for:
    // they may hold that account's first password (src/auth/enrolment.service.ts).
    'own-user-care-team': `("type" = 'careteam.add' AND "actor_user_id" IS NOT NULL AND (
      EXISTS (SELECT 1 FROM "users" u WHERE u."id"::text = ANY("entity_ids") AND u."created_by_id" = "actor_user_id")
      OR EXISTS (SELECT 1 FROM "user_enrolments" x WHERE x."user_id"::text = ANY("entity_ids") AND x."created_by_id" = "actor_user_id")))`,
  };
}

/** The WHERE clause (without the keyword) and its parameters for a filter; parameters start at $offset+1. */
export function whereSql(
  filter: AuditFilterDto,
  config: AppConfig,
  offset = 0,
): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${offset + params.length}`));
  };
  const flags = flagSql(config);
  const actor = filter.actorUserId ?? filter.actor;
  const patient = filter.patientId ?? filter.patient;
  if (actor) add((p) => `"actor_user_id" = ${p}::uuid`, actor);
  if (patient) add((p) => `"patient_id" = ${p}`, patient);
  if (filter.action) add((p) => `"action" = ${p}::"AuditAction"`, filter.action);
  if (filter.outcome) add((p) => `"outcome" = ${p}::"AuditOutcome"`, filter.outcome);
  if (filter.type?.endsWith('.')) add((p) => `starts_with("type", ${p})`, filter.type);
  else if (filter.type) add((p) => `"type" = ${p}`, filter.type);
  if (filter.from) add((p) => `"recorded_at" >= ${p}::timestamptz`, filter.from);
  if (filter.to) add((p) => `"recorded_at" < ${p}::timestamptz`, filter.to);
  if (filter.breakGlass === 'true') clauses.push(flags['break-glass']);
  if (filter.denied === 'true') clauses.push(flags.denied);
  if (filter.flag) clauses.push(flags[filter.flag]);
  return { sql: clauses.length ? clauses.join(' AND ') : 'TRUE', params };
}
