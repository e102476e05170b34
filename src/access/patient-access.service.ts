import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService, type PurposeOfUse } from '../audit/audit.service.js';
import { ClusterEvents } from '../cluster/cluster-events.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import type { Principal } from '../common/principal.js';
import { isPgClient, prepared } from '../database/pg-transaction.js';
import { PrismaService } from '../database/prisma.service.js';
import { AccessDecisions } from './access-decisions.js';
import { PatientScope } from './patient-scope.js';

export { isUuid } from '../common/ids.js';
export { PatientScope } from './patient-scope.js';

/**
 * The check as one statement ($1 patient, $2 user, $3 now): a patient not erased, and the user on
 * its care team now (treatment) or holding an unexpired break-the-glass grant (emergency) — each
 * as the time it holds until (a membership without end: a day, far beyond any cache's life), or null.
 */
const ACCESS_SQL = `SELECT
    (SELECT max(coalesce(m."ends_at", $3::timestamptz + interval '1 day')) FROM "care_team_members" m
      WHERE m."patient_id" = p."id" AND m."user_id" = $2::uuid AND m."starts_at" <= $3::timestamptz
        AND (m."ends_at" IS NULL OR m."ends_at" > $3::timestamptz)) AS "team",
    (SELECT max(g."expires_at") FROM "break_glass_grants" g
      WHERE g."patient_id" = p."id" AND g."user_id" = $2::uuid AND g."expires_at" > $3::timestamptz) AS "glass"
  FROM "patients" p WHERE p."id" = $1::uuid AND p."erased_at" IS NULL`;

/** Roles that may ever read a record, and then only through a care team or break-the-glass. */
const CLINICAL_ROLES = new Set(['clinician', 'nurse']);

/**
 * The one per-patient check. Anything not allowed — no such patient,
 * an erased one, not on the care team, an expired grant, a non-clinical role — is the same 404.
 */
@Injectable()
export class PatientAccessService {
  /** Positive decisions, invalidated across nodes (access-decisions.ts). */
  readonly decisions: AccessDecisions;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    cluster: ClusterEvents,
  ) {
    this.decisions = new AccessDecisions(cluster);
  }

  /**
   * Pass the Caller and the transaction you read in; the scope returned reads and audits in it.
   * Passing the node-postgres pool instead runs the check and the scope's reads as separate
   * statements, with its audit events group-committed (PatientScope).
   * (A bare Principal still works; its events then carry no request details.) A refusal is
   * audited (outcome `denied`) in its own transaction, since the caller's will roll back.
   */
  async requireAccess(
    who: Principal | Caller,
    patientId: string,
    db: Db | pg.ClientBase | pg.Pool = this.prisma,
  ): Promise<PatientScope> {
    const caller: Caller =
      'principal' in who
        ? who
        : { principal: who, actor: { userId: who.userId, role: who.role }, correlationId: '' };
    const purposeOfUse = await this.check(caller.principal, patientId, db);
    if (purposeOfUse)
      return isPgClient(db)
        ? new PatientScope(patientId, purposeOfUse, caller, this.prisma, this.audit, db)
        : new PatientScope(patientId, purposeOfUse, caller, db, this.audit);
    await this.audit.record(
      auditEvent('patient.access', {
        outcome: 'denied',
        ...(isUuid(patientId) ? { patientId } : {}),
        caller,
      }),
    );
    throw new NotFoundError('patient');
  }

  /**
   * For system jobs (embedding, import), never for a request: no access check, actor 'system'.
   * Their reads and writes are audited like a user's, in `db`'s transaction.
   */
  systemScope(patientId: string, db: Db): PatientScope {
    return new PatientScope(patientId, undefined, undefined, db, this.audit);
  }

  private async check(
    principal: Principal,
    patientId: string,
    db: Db | pg.ClientBase | pg.Pool,
  ): Promise<PurposeOfUse | undefined> {
    if (!CLINICAL_ROLES.has(principal.role) || !isUuid(patientId)) return undefined;
    const cached = this.decisions.decision(principal.userId, patientId);
    if (cached) return cached;
    const generation = this.decisions.currentGeneration;
    const values = [patientId, principal.userId, new Date()];
    type Row = { team: Date | null; glass: Date | null };
    const [row] = isPgClient(db)
      ? (await db.query<Row>(prepared(ACCESS_SQL, values))).rows
      : await db.$queryRawUnsafe<Row[]>(ACCESS_SQL, ...values);
    const until = row?.team ?? row?.glass;
    if (!row || !until) return undefined;
    const purpose: PurposeOfUse = row.team ? 'treatment' : 'emergency';
    this.decisions.store(principal.userId, patientId, { purpose, untilMs: until.getTime() }, generation);
    return purpose;
  }

  /** Every patient the principal may see now (for searches): care team plus active grants. */
  async accessiblePatientIds(principal: Principal, db: Db = this.prisma): Promise<Map<string, PurposeOfUse>> {
    const result = new Map<string, PurposeOfUse>();
    if (!CLINICAL_ROLES.has(principal.role)) return result;
    const now = new Date();
    const [grants, memberships] = await Promise.all([
      db.breakGlassGrant.findMany({
        where: { userId: principal.userId, expiresAt: { gt: now }, patient: { erasedAt: null } },
        select: { patientId: true },
      }),
      db.careTeamMember.findMany({
        where: { userId: principal.userId, ...activeMembership(now), patient: { erasedAt: null } },
        select: { patientId: true },
      }),
    ]);
    for (const { patientId } of grants) result.set(patientId, 'emergency');
    for (const { patientId } of memberships) result.set(patientId, 'treatment');
    return result;
  }
}

export const activeMembership = (now: Date) => ({
  startsAt: { lte: now },
  OR: [{ endsAt: null }, { endsAt: { gt: now } }],
});
