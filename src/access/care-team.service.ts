import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService, type AuditEventType } from '../audit/audit.service.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import { PrismaService } from '../database/prisma.service.js';
import { PatientAccessService } from './patient-access.service.js';

export interface CareTeamMemberView {
  userId: string;
  email: string;
  role: string;
  startsAt: Date;
  endsAt: Date | null;
}

/** Care-team membership: who may read a patient's record (managed by admins, the CLI, registration). */
@Injectable()
export class CareTeamService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly access: PatientAccessService,
  ) {}

  /** Adds (or re-opens) a membership, audited in the same transaction. */
  async add(
    patientId: string,
    userId: string,
    options: { endsAt?: Date; caller?: Caller } = {},
    db?: Db,
  ): Promise<void> {
    const work = async (tx: Db) => {
      await this.requirePatient(patientId, tx);
      const user = isUuid(userId) ? await tx.user.findUnique({ where: { id: userId } }) : null;
      if (!user) throw new NotFoundError('user');
      if (user.role !== 'clinician' && user.role !== 'nurse') {
        throw new DomainError('invalid_member', 'userId: care-team members must be clinicians or nurses');
      }
      const data = {
        startsAt: new Date(),
        endsAt: options.endsAt ?? null,
        addedById: options.caller?.principal.userId,
      };
      await tx.careTeamMember.upsert({
        where: { patientId_userId: { patientId, userId } },
        create: { patientId, userId, ...data },
        update: data,
      });
      await this.record('careteam.add', patientId, [userId], options.caller, tx);
    };
    if (db) return work(db);
    await this.prisma.$transaction(work);
  }

  /** Ends a membership now (kept as history). */
  async remove(patientId: string, userId: string, caller?: Caller): Promise<void> {
    this.access.decisions.beforeChange(patientId);
    await this.prisma.$transaction(async (tx) => {
      await this.requirePatient(patientId, tx);
      const { count } = isUuid(userId)
        ? await tx.careTeamMember.updateMany({ where: { patientId, userId }, data: { endsAt: new Date() } })
        : { count: 0 };
      if (!count) throw new NotFoundError('care-team member');
      await this.record('careteam.remove', patientId, [userId], caller, tx);
    });
  }

  async list(patientId: string, caller?: Caller): Promise<CareTeamMemberView[]> {
    return this.prisma.$transaction(async (tx) => {
      await this.requirePatient(patientId, tx);
      const members = await tx.careTeamMember.findMany({
        where: { patientId },
        include: { user: { select: { email: true, role: true } } },
        orderBy: { createdAt: 'asc' },
      });
      await this.record(
        'careteam.read',
        patientId,
        members.map((m) => m.userId),
        caller,
        tx,
      );
      return members.map((m) => ({
        userId: m.userId,
        email: m.user.email,
        role: m.user.role,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
      }));
    });
  }

  /** Membership changes and reads: administrative work on the patient (purpose `operations`). */
  private record(
    type: AuditEventType,
    patientId: string,
    userIds: string[],
    caller: Caller | undefined,
    tx: Db,
  ) {
    return this.audit.record(
      auditEvent(type, { ids: userIds, patientId, purposeOfUse: 'operations', caller }),
      tx,
    );
  }

  private async requirePatient(patientId: string, tx: Db): Promise<void> {
    const found = isUuid(patientId) && (await tx.patient.count({ where: { id: patientId, erasedAt: null } }));
    if (!found) throw new NotFoundError('patient');
  }
}
