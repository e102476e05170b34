import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService, type AuditActor } from '../audit/audit.service.js';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Role, UserStatus } from '../generated/prisma/enums.js';
import { EnrolmentService, type IssuedEnrolment } from '../auth/enrolment.service.js';
import { MfaService } from '../auth/mfa.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { assertAcceptablePassword } from '../auth/password-policy.js';
import { SessionsService } from '../auth/sessions.service.js';
import { normaliseEmail } from './email.js';

export interface NewUser {
  email: string;
  role: Role;
  password?: string;
  createdById?: string;
}

export interface UserSummary {
  id: string;
  email: string;
  role: Role;
}

/** A user created without a password, and the one-time code with which they set their own. */
export interface EnrollingUser extends UserSummary {
  enrolment: IssuedEnrolment & { path: string };
}

export interface UserView extends UserSummary {
  status: UserStatus;
  mfaEnabled: boolean;
  createdAt: Date;
}

/** Who asked (absent for the CLI, which audits as 'system'), for the audit event. */
export interface AdminContext {
  actor?: AuditActor;
  correlationId?: string;
}

export { normaliseEmail };

/** The audited changes to an existing user (all action U on the User). */
type UserChangeEvent =
  'user.enrolment' | 'user.disable' | 'user.enable' | 'user.role.change' | 'user.mfa.reset';

const VIEW = {
  id: true,
  email: true,
  role: true,
  status: true,
  mfaEnabledAt: true,
  createdAt: true,
} as const;
const toView = ({ mfaEnabledAt, ...user }: Prisma.UserGetPayload<{ select: typeof VIEW }>): UserView => ({
  ...user,
  mfaEnabled: mfaEnabledAt !== null,
});

/**
 * User administration (`user:manage`, and the CLI). Disabling a user, changing their role or
 * resetting their MFA ends all their sessions at once; every change is audited with the change.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
    private readonly enrolments: EnrolmentService,
  ) {}

  /**
   * With a password (the shell's `users:create --password-stdin` only) the user can sign in at once;
   * without one (the API and web client) they get a one-time enrolment code to set their own.
   */
  create(user: NewUser & { password: string }, context?: AdminContext): Promise<UserSummary>;
  create(user: NewUser & { password?: undefined }, context?: AdminContext): Promise<EnrollingUser>;
  create(user: NewUser, context?: AdminContext): Promise<UserSummary | EnrollingUser>;
  async create(
    { email, role, password, createdById }: NewUser,
    context: AdminContext = {},
  ): Promise<UserSummary | EnrollingUser> {
    const normalised = normaliseEmail(email);
    if (!/^[^\s@]+@[^\s@]+$/.test(normalised))
      throw new DomainError('invalid_email', 'email address is not valid');
    if (password !== undefined) assertAcceptablePassword(password);
    const passwordHash = password === undefined ? null : await this.hasher.hash(password);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { email: normalised, role, passwordHash, createdById },
          select: { id: true, email: true, role: true },
        });
        await this.record('user.create', user.id, context, tx);
        if (password !== undefined) return user;
        return { ...user, enrolment: await this.enrol(user.id, createdById, tx) };
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002')
        throw new ConflictError(`a user with email ${normalised} already exists`);
      throw error;
    }
  }

  /** A fresh enrolment code for another user (e.g. the first expired, or a forgotten password); earlier ones stop working. */
  async reissueEnrolment(userId: string, context: AdminContext): Promise<EnrollingUser> {
    let issued: EnrollingUser['enrolment'] | undefined;
    const view = await this.change(userId, context, 'user.enrolment', async (tx) => {
      issued = await this.enrol(userId, context.actor?.userId, tx);
    });
    return { id: view.id, email: view.email, role: view.role, enrolment: issued! };
  }

  private async enrol(userId: string, createdById: string | undefined, tx: Prisma.TransactionClient) {
    const issued = await this.enrolments.issue(userId, createdById, tx);
    return { ...issued, path: `/enrol#code=${issued.code}` };
  }

  async list(): Promise<UserView[]> {
    return (await this.prisma.user.findMany({ select: VIEW, orderBy: { email: 'asc' } })).map(toView);
  }

  async findByEmail(email: string): Promise<UserView> {
    const user = await this.prisma.user.findUnique({ where: { email: normaliseEmail(email) }, select: VIEW });
    if (!user) throw new NotFoundError('user');
    return toView(user);
  }

  setStatus(userId: string, status: UserStatus, context: AdminContext): Promise<UserView> {
    return this.change(
      userId,
      context,
      status === 'disabled' ? 'user.disable' : 'user.enable',
      async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { status } });
        if (status === 'disabled') await this.sessions.endAllFor(userId, 'user_disabled', tx);
      },
    );
  }

  changeRole(userId: string, role: Role, context: AdminContext): Promise<UserView> {
    return this.change(userId, context, 'user.role.change', async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await this.sessions.endAllFor(userId, 'role_change', tx);
    });
  }

  resetMfa(userId: string, context: AdminContext): Promise<UserView> {
    return this.change(userId, context, 'user.mfa.reset', async (tx) => {
      await this.mfa.reset(userId, tx);
      await this.sessions.endAllFor(userId, 'mfa_reset', tx);
    });
  }

  private async change(
    userId: string,
    context: AdminContext,
    type: UserChangeEvent,
    work: (tx: Prisma.TransactionClient) => Promise<void>,
  ): Promise<UserView> {
    if (context.actor?.userId === userId)
      throw new DomainError('self_change', 'ask another administrator to change your own account', 409);
    return this.prisma.$transaction(async (tx) => {
      const exists = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!exists) throw new NotFoundError('user');
      await work(tx);
      await this.record(type, userId, context, tx);
      return toView(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: VIEW }));
    });
  }

  private record(
    type: 'user.create' | UserChangeEvent,
    userId: string,
    context: AdminContext,
    tx: Prisma.TransactionClient,
  ) {
    return this.audit.record(auditEvent(type, { ids: [userId], ...context }), tx);
  }
}
