import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { PG_POOL } from '../../database/prisma.service.js';
import { auditEvent } from '../audit-event.js';
import { AuditSequencer } from '../audit-sequencer.js';
import { AuditService } from '../audit.service.js';
import type { AuditActor } from '../audit.types.js';
import {
  EVENT_FLAGS,
  type AuditAnomaliesQueryDto,
  type AuditEventsQueryDto,
  type EventFlag,
} from './audit-filter.dto.js';
import { flagSql, whereSql } from './audit-sql.js';
import { BreakGlassReasons } from './break-glass-reasons.js';

export interface AuditEventView {
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
  flags: EventFlag[];
}

export interface AuditEventsPage {
  items: AuditEventView[];
  nextCursor: string | null;
  total: number;
  totals: Record<EventFlag, number>;
}

export interface VolumeAnomaly {
  actorUserId: string;
  day: string;
  distinctPatients: number;
  baseline: number;
}

type Context = { actor: AuditActor; correlationId?: string };

/** The compliance review queries. Every call is itself recorded as an `audit.read` event. */
@Injectable()
export class AuditQueryService {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly sequencer: AuditSequencer,
    private readonly reasons: BreakGlassReasons,
  ) {}

  async list(query: AuditEventsQueryDto, context: Context): Promise<AuditEventsPage> {
    await this.sequencer.drain(); // staged events (HL7 import) committed so far are listed too
    const limit = Math.min(Math.max(Number(query.limit ?? 100), 1), 500);
    const where = whereSql(query, this.config);
    const flags = flagSql(this.config);
    const cursor = query.cursor ? ` AND "seq" < $${where.params.length + 1}` : '';
    const page = await this.pool.query(
      `SELECT "seq", "id", "recorded_at", "type", "action", "outcome", "actor_user_id", "actor_role", "actor_address",
              "actor_user_agent", "patient_id", "entity_type", "entity_ids", "purpose_of_use", "reason", "correlation_id",
              ${EVENT_FLAGS.map((f) => `${flags[f]} AS "flag_${f}"`).join(', ')}
         FROM "audit_events" WHERE ${where.sql}${cursor}
        ORDER BY "seq" DESC LIMIT ${limit + 1}`,
      query.cursor ? [...where.params, query.cursor] : where.params,
    );
    const counts = await this.pool.query(
      `SELECT count(*)::int AS total, ${EVENT_FLAGS.map((f) => `count(*) FILTER (WHERE ${flags[f]})::int AS "${f}"`).join(', ')}
         FROM "audit_events" WHERE ${where.sql}`,
      where.params,
    );
    const rows = page.rows.slice(0, limit);
    await this.audit.record(
      auditEvent('audit.read', {
        ...context,
        patientId: query.patientId ?? query.patient,
        ids: rows.map((r) => String(r.id)),
      }),
    );
    const { total, ...totals } = counts.rows[0] as { total: number } & Record<EventFlag, number>;
    return {
      items: await withReasons(this.reasons, rows.map(toView)),
      nextCursor: page.rows.length > limit ? String(rows[rows.length - 1].seq) : null,
      total,
      totals,
    };
  }

  /**
   * Actors who read many more distinct patients in a day than their own baseline (mean per active day
   * over the previous 30 days): at least AUDIT_VOLUME_MIN_PATIENTS and AUDIT_VOLUME_FACTOR × baseline.
   */
  async volumeAnomalies(query: AuditAnomaliesQueryDto, context: Context): Promise<VolumeAnomaly[]> {
    await this.sequencer.drain();
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * 86_400_000);
    const tz = this.config.AUDIT_TIMEZONE;
    const result = await this.pool.query(
      `WITH daily AS (
         SELECT "actor_user_id" AS actor, ("recorded_at" AT TIME ZONE $3)::date AS day, count(DISTINCT "patient_id")::int AS patients
           FROM "audit_events"
          WHERE "action" = 'R' AND "patient_id" IS NOT NULL AND "actor_user_id" IS NOT NULL
            AND "recorded_at" >= $1::timestamptz - interval '30 days' AND "recorded_at" < $2
          GROUP BY 1, 2)
       SELECT d.actor, d.day::text AS day, d.patients, COALESCE(avg(b.patients), 0)::float AS baseline
         FROM daily d LEFT JOIN daily b ON b.actor = d.actor AND b.day < d.day AND b.day >= d.day - 30
        WHERE d.day >= ($1::timestamptz AT TIME ZONE $3)::date
        GROUP BY d.actor, d.day, d.patients
       HAVING d.patients >= $4 AND d.patients > $5 * COALESCE(avg(b.patients), 0)
        ORDER BY d.day, d.actor`,
      [from, to, tz, this.config.AUDIT_VOLUME_MIN_PATIENTS, this.config.AUDIT_VOLUME_FACTOR],
    );
    await this.audit.record(auditEvent('audit.read', { ...context, ids: [], entityType: 'AuditAnomaly' }));
    return result.rows.map((r) => ({
      actorUserId: r.actor as string,
      day: r.day as string,
      distinctPatients: r.patients as number,
      baseline: Math.round((r.baseline as number) * 100) / 100,
    }));
  }
}

/** Fills in break-the-glass reasons, opened under the patient's key (none once the patient is erased). */
async function withReasons(sealed: BreakGlassReasons, items: AuditEventView[]) {
  const grants = items.map(sealedReasonGrant).filter((id): id is string => id !== undefined);
  const reasons = await sealed.open(grants);
  return items.map((event) => {
    const reason = reasons.get(sealedReasonGrant(event) ?? '');
    return reason === undefined ? event : { ...event, reason };
  });
}

/** The grant a `breakglass.start` (or `.carry`: the survivor's) event without a reason names (its reason is sealed in the grant). */
const sealedReasonGrant = (event: AuditEventView) =>
  (event.type === 'breakglass.start' || event.type === 'breakglass.carry') && event.reason === null
    ? event.entity?.ids[0]
    : undefined;

function toView(r: Record<string, unknown>): AuditEventView {
  return {
    seq: String(r.seq),
    id: r.id as string,
    recordedAt: (r.recorded_at as Date).toISOString(),
    type: r.type as string,
    action: r.action as string,
    outcome: r.outcome as string,
    actor: {
      userId: r.actor_user_id as string | null,
      role: r.actor_role as string | null,
      address: r.actor_address as string | null,
      userAgent: r.actor_user_agent as string | null,
    },
    patientId: r.patient_id as string | null,
    entity: r.entity_type ? { type: r.entity_type as string, ids: r.entity_ids as string[] } : null,
    purposeOfUse: r.purpose_of_use as string | null,
    reason: r.reason as string | null,
    correlationId: r.correlation_id as string | null,
    flags: EVENT_FLAGS.filter((f) => r[`flag_${f}`] === true),
  };
}
