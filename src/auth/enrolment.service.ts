import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.service.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { SessionsService, sha256 } from './sessions.service.js';

/** How long an enrolment code works. */
export const ENROLMENT_TTL_HOURS = 72;

export interface IssuedEnrolment {
  /** 256 random bits, base64url: shown once to the administrator, stored only as SHA-256. */
  code: string;
  expiresAt: Date;
}

/** One answer for an unknown, used, expired or superseded code (nothing to tell them apart by). */
export class InvalidEnrolmentCodeError extends DomainError {
  constructor() {
    super('enrolment_invalid', 'this enrolment code is not valid (unknown, used or expired)', 400);
  }
}

/**
 * Enrolment codes: a user created through the API or web client gets a one-time code (a link in the
 * web client) and sets their own password with it, so no administrator ever chooses or learns
 * another user's password. A code works once, for ENROLMENT_TTL_HOURS; issuing a new one voids the
 * user's earlier unused codes. Only `users:create --password-stdin` (the shell, for operators) sets
 * a password directly.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async issue(
    userId: string,
    createdById: string | undefined,
    tx: Prisma.TransactionClient,
  ): Promise<IssuedEnrolment> {
    const code = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ENROLMENT_TTL_HOURS * 3_600_000);
    await tx.userEnrolment.updateMany({ where: { userId, usedAt: null }, data: { expiresAt: new Date() } });
    await tx.userEnrolment.create({
      data: { id: randomUUID(), userId, codeHash: sha256(code), createdById, expiresAt },
    });
    return { code, expiresAt };
  }

  /** Sets the password of the code's user and spends the code (once, even under concurrent use). */
  async redeem(
    code: string,
    password: string,
    context: { actor: AuditActor; correlationId: string },
  ): Promise<void> {
    const enrolment = await this.prisma.userEnrolment.findUnique({
      where: { codeHash: sha256(code) },
      include: { user: { select: { id: true, role: true, status: true } } },
    });
    if (
      !enrolment ||
      enrolment.usedAt ||
      enrolment.expiresAt <= new Date() ||
      enrolment.user.status !== 'active'
    )
      throw new InvalidEnrolmentCodeError();
    assertAcceptablePassword(password);
    const passwordHash = await this.hasher.hash(password);
    const { user } = enrolment;
    await this.prisma.$transaction(async (tx) => {
      const spent = await tx.userEnrolment.updateMany({
        where: { id: enrolment.id, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (spent.count !== 1) throw new InvalidEnrolmentCodeError();
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
      await this.sessions.endAllFor(user.id, 'password_change', tx);
      await this.audit.record(
        auditEvent('auth.password.change', {
          ids: [user.id],
          actor: { ...context.actor, userId: user.id, role: user.role },
          reason: 'enrolment code',
          correlationId: context.correlationId,
        }),
        tx,
      );
    });
  }
}
