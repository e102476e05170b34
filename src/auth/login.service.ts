import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.service.js';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { normaliseEmail } from '../common/email.js';
import { HashingBusyError } from './hash-limiter.js';
import { LoginThrottle, TooManyAttemptsError } from './login-throttle.js';
import { MfaService } from './mfa.service.js';
import { mfaRequiredFor } from './mfa-policy.js';
import { PasswordHasher, needsRehash } from './password-hasher.js';
import { SessionsService, type IssuedSession } from './sessions.service.js';

/**
 * One answer for every failed sign-in: unknown email, wrong password, disabled account, no password
 * set, and — for accounts with MFA — a missing or wrong code. So neither the existence of an account,
 * nor whether it uses MFA, nor whether a guessed password was right can be read from the answer.
 */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials', 'email, password or verification code is incorrect', 401);
  }
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
}

export interface LoginContext {
  actor: AuditActor;
  correlationId: string;
}

export interface LoginResult extends IssuedSession {
  /** MFA is required for the role and not set up: this session may only enrol (README). */
  mfaEnrolmentRequired: boolean;
}

/**
 * Password sign-in. Unknown users are verified against a dummy hash so every failure costs one
 * argon2 verify; failures (password or second factor) feed the per-account and per-address
 * throttle; every outcome is audited.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly mfa: MfaService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async login(input: LoginInput, context: LoginContext): Promise<LoginResult> {
    const email = normaliseEmail(input.email);
    const keys = this.throttle.keys(email, context.actor.address ?? 'unknown');
    // Reserve the attempt before any hashing: concurrent guesses cannot pass the limit (login-throttle.ts).
    try {
      await this.throttle.reserve(keys);
    } catch (error) {
      if (error instanceof TooManyAttemptsError)
        await this.audit.record(auditEvent('auth.login.throttled', { outcome: 'denied', ...context }));
      throw error;
    }
    const user = await this.prisma.user.findUnique({ where: { email } });
    const passwordOk = await this.hasher.verify(user?.passwordHash, input.password).catch(async (error) => {
      if (error instanceof HashingBusyError) await this.throttle.release(keys);
      throw error;
    });
    if (!user || !passwordOk || user.status !== 'active') {
      await this.fail(context, user?.id);
      throw new InvalidCredentialsError();
    }
    const actor = { ...context.actor, userId: user.id, role: user.role };
    if (user.mfaEnabledAt) {
      const factor = input.totp ? await this.mfa.verifyLoginCode(user.id, input.totp) : undefined;
      if (!factor) {
        // The reserved attempt stays counted; the answer is the wrong-password one (no oracle).
        await this.audit.record(
          auditEvent('auth.login.mfa', { outcome: 'failure', actor, correlationId: context.correlationId }),
        );
        throw new InvalidCredentialsError();
      }
    }
    await this.throttle.recordSuccess(keys);
    const enrolmentOnly = !user.mfaEnabledAt && mfaRequiredFor(user.role);
    return this.prisma.$transaction(async (tx) => {
      if (needsRehash(user.passwordHash!))
        await tx.user.update({
          where: { id: user.id },
          data: { passwordHash: await this.hasher.hash(input.password) },
        });
      const session = await this.sessions.open(user, enrolmentOnly ? 'mfa-enrolment' : 'full', tx);
      await this.audit.record(
        auditEvent(enrolmentOnly ? 'auth.login.mfa-enrolment' : 'auth.login', {
          ids: [session.sessionId],
          actor,
          correlationId: context.correlationId,
        }),
        tx,
      );
      return { ...session, mfaEnrolmentRequired: enrolmentOnly };
    });
  }

  private async fail(context: LoginContext, userId?: string) {
    await this.audit.record(
      auditEvent('auth.login', {
        outcome: 'failure',
        actor: { ...context.actor, userId },
        correlationId: context.correlationId,
      }),
    );
  }
}
