import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { MeDto } from './dto/me.dto.js';
import { HashingBusyError } from './hash-limiter.js';
import { LoginThrottle } from './login-throttle.js';
import { InvalidCredentialsError, type LoginContext } from './login.service.js';
import { MfaService, type MfaEnrolment } from './mfa.service.js';
import { mfaRequiredFor } from './mfa-policy.js';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { SessionsService } from './sessions.service.js';

/** The signed-in user's own account: who am I, password change, MFA enrolment. */
@Injectable()
export class AccountService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** From the session cache when the request's session is in it (SessionsService.live just filled it). */
  async me(userId: string, sessionId?: string): Promise<MeDto> {
    const cached = sessionId ? this.sessions.cache.session(sessionId) : undefined;
    const user =
      cached?.userId === userId
        ? { id: userId, email: cached.email, role: cached.role, mfaEnabledAt: cached.mfaEnabledAt }
        : await this.prisma.user.findUnique({
            where: { id: userId },
            select: { id: true, email: true, role: true, mfaEnabledAt: true },
          });
    if (!user) throw new NotFoundError('user');
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      mfaEnabled: user.mfaEnabledAt !== null,
      mfaRequired: mfaRequiredFor(user.role),
    };
  }

  /** Needs the current password; ends every session of the user (sign in again with the new one). */
  async changePassword(userId: string, current: string, next: string, context: LoginContext): Promise<void> {
    const user = await this.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    // Guessing the current password through this route is throttled like login.
    const keys = this.throttle.keys(user.email, context.actor.address ?? 'unknown');
    await this.throttle.reserve(keys);
    const currentOk = await this.hasher.verify(user.passwordHash, current).catch(async (error) => {
      if (error instanceof HashingBusyError) await this.throttle.release(keys);
      throw error;
    });
    if (!currentOk) {
      await this.audit.record(auditEvent('auth.password.change', { outcome: 'failure', ...context }));
      throw new InvalidCredentialsError();
    }
    await this.throttle.recordSuccess(keys);
    assertAcceptablePassword(next);
    const passwordHash = await this.hasher.hash(next);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
      await this.sessions.endAllFor(userId, 'password_change', tx);
      await this.audit.record(auditEvent('auth.password.change', { ids: [userId], ...context }), tx);
    });
  }

  startMfaEnrolment(userId: string, context: LoginContext): Promise<MfaEnrolment> {
    return this.prisma.$transaction(async (tx) => {
      const enrolment = await this.mfa.startEnrolment(userId, tx);
      await this.audit.record(auditEvent('auth.mfa.enrol', { ids: [userId], ...context }), tx);
      return enrolment;
    });
  }

  async confirmMfa(userId: string, code: string, context: LoginContext): Promise<string[]> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        this.sessions.cache.beforeChange({ userId }); // /me on this node shows MFA on at once
        const codes = await this.mfa.confirm(userId, code, tx);
        await this.audit.record(auditEvent('auth.mfa.confirm', { ids: [userId], ...context }), tx);
        return codes;
      });
    } catch (error) {
      await this.audit.record(auditEvent('auth.mfa.confirm', { outcome: 'failure', ...context }));
      throw error;
    }
  }
}
