import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { auditOf, type Caller } from './caller.js';
import { isUuid } from './patient-access.service.js';

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
      await this.audit.record(
        {
          type: 'careteam.add',
          action: 'C',
          outcome: 'success',
          patientId,
          entity: { type: 'User', ids: [userId] },
          purposeOfUse: 'operations',
          ...auditOf(options.caller),
        },
        tx,
      );
    };
    if (db) return work(db);
    await this.prisma.$transaction(work);
  }

  /** Ends a membership now (kept as history). */
  async remove(patientId: string, userId: string, caller?: Caller): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.requirePatient(patientId, tx);
      const { count } = isUuid(userId)
        ? await tx.careTeamMember.updateMany({ where: { patientId, userId }, data: { endsAt: new Date() } })
        : { count: 0 };
      if (!count) throw new NotFoundError('care-team member');
      await this.audit.record(
        {
          type: 'careteam.remove',
          action: 'D',
          outcome: 'success',
          patientId,
          entity: { type: 'User', ids: [userId] },
          purposeOfUse: 'operations',
          ...auditOf(caller),
        },
        tx,
      );
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
      await this.audit.record(
        {
          type: 'careteam.read',
          action: 'R',
          outcome: 'success',
          patientId,
          entity: { type: 'User', ids: members.map((m) => m.userId) },
          purposeOfUse: 'operations',
          ...auditOf(caller),
        },
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

  private async requirePatient(patientId: string, tx: Db): Promise<void> {
    const found = isUuid(patientId) && (await tx.patient.count({ where: { id: patientId, erasedAt: null } }));
    if (!found) throw new NotFoundError('patient');
  }
}
