import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { AuditService, type PurposeOfUse } from '../audit/audit.service.js';
import type { Caller } from './caller.js';
import type { Principal } from './principal.js';

/** Roles that may ever read a record, and then only through a care team or break-the-glass. */
const CLINICAL_ROLES = new Set(['clinician', 'nurse']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export interface PatientAccess {
  patientId: string;
  /** What the access rests on: care-team membership (treatment) or a break-the-glass grant (emergency). */
  purposeOfUse: PurposeOfUse;
}

/**
 * The one per-patient check (DESIGN.md, security model 2). Anything not allowed — no such patient,
 * an erased one, not on the care team, an expired grant, a non-clinical role — is the same 404.
 */
@Injectable()
export class PatientAccessService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Pass the Caller (or at least the Principal) and the transaction you read in. A refusal is
   * audited (outcome `denied`) in its own transaction, since the caller's will roll back.
   */
  async requireAccess(
    who: Principal | Caller,
    patientId: string,
    db: Db = this.prisma,
  ): Promise<PatientAccess> {
    const principal = 'principal' in who ? who.principal : who;
    const access = await this.check(principal, patientId, db);
    if (access) return access;
    await this.audit.record({
      type: 'patient.access',
      action: 'R',
      outcome: 'denied',
      ...(isUuid(patientId) ? { patientId } : {}),
      actor: 'principal' in who ? who.actor : { userId: principal.userId, role: principal.role },
      ...('principal' in who ? { correlationId: who.correlationId } : {}),
    });
    throw new NotFoundError('patient');
  }

  private async check(principal: Principal, patientId: string, db: Db): Promise<PatientAccess | undefined> {
    if (!CLINICAL_ROLES.has(principal.role) || !isUuid(patientId)) return undefined;
    const now = new Date();
    const patient = await db.patient.findFirst({
      where: { id: patientId, erasedAt: null },
      select: {
        careTeam: {
          where: { userId: principal.userId, ...activeMembership(now) },
          select: { id: true },
          take: 1,
        },
        breakGlassGrants: {
          where: { userId: principal.userId, expiresAt: { gt: now } },
          select: { id: true },
          take: 1,
        },
      },
    });
    if (patient?.careTeam.length) return { patientId, purposeOfUse: 'treatment' };
    if (patient?.breakGlassGrants.length) return { patientId, purposeOfUse: 'emergency' };
    return undefined;
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
