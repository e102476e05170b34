import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PG_POOL, PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { AccessTokens, type TokenScope } from './access-tokens.js';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  /** Absent for an MFA-enrolment session, which cannot be refreshed. */
  refreshToken?: string;
}

export interface SessionUser {
  id: string;
  role: Role;
  tokenVersion: number;
}

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; role: Role; issued: IssuedSession }
  | { kind: 'reused'; userId: string; sessionId: string }
  | { kind: 'invalid'; userId?: string };

/** Whom a verified access token speaks for, re-checked against the database on every request. */
export interface LiveSession {
  userId: string;
  role: Role;
}

const LAST_SEEN_RESOLUTION_MS = 30_000;

/**
 * A session is one login: a family of refresh tokens (each used once) plus the access tokens minted
 * from them. Access tokens carry the session id and the user's token version, both checked on every
 * request, so revoking a session or bumping the version ends access at once, not at token expiry.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly tokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(
    user: SessionUser,
    scope: TokenScope = 'full',
    tx?: Prisma.TransactionClient,
  ): Promise<IssuedSession> {
    const db = tx ?? this.prisma;
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_LIFETIME_HOURS * 3_600_000);
    const session = await db.authSession.create({
      data: { userId: user.id, expiresAt },
      select: { id: true },
    });
    const refreshToken = scope === 'full' ? await this.newRefreshToken(db, session.id) : undefined;
    // Now and then, drop sessions (and their refresh tokens) a day past their end.
    if (Math.random() < 0.01)
      await db.authSession.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
    return { sessionId: session.id, refreshToken, ...(await this.accessToken(user, session.id, scope)) };
  }

  /** One use per refresh token: the second use of any token revokes its whole family. */
  async refresh(refreshToken: string): Promise<RefreshOutcome> {
    return this.prisma.$transaction(async (tx) => {
      const token = await tx.refreshToken.findUnique({
        where: { tokenHash: sha256(refreshToken) },
        include: {
          session: {
            include: { user: { select: { id: true, role: true, status: true, tokenVersion: true } } },
          },
        },
      });
      if (!token) return { kind: 'invalid' };
      const { session } = token;
      const used = await tx.refreshToken.updateMany({
        where: { id: token.id, usedAt: null },
        data: { usedAt: new Date() },
      });
      if (used.count === 0) {
        await this.revokeWith(tx, { id: session.id, revokedAt: null }, 'refresh_token_reuse');
        return { kind: 'reused', userId: session.userId, sessionId: session.id };
      }
      if (!this.isLive(session) || session.user.status !== 'active')
        return { kind: 'invalid', userId: session.userId };
      await tx.authSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
      const issued = {
        sessionId: session.id,
        refreshToken: await this.newRefreshToken(tx, session.id),
        ...(await this.accessToken(session.user, session.id, 'full')),
      };
      return { kind: 'rotated', userId: session.userId, role: session.user.role, issued };
    });
  }

  /** The session a refresh token belongs to, if any (logout by cookie). */
  async sessionOfRefreshToken(refreshToken: string): Promise<string | undefined> {
    const token = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: sha256(refreshToken) },
      select: { sessionId: true },
    });
    return token?.sessionId;
  }

  async revoke(sessionId: string, reason: string, tx?: Prisma.TransactionClient): Promise<void> {
    await this.revokeWith(tx ?? this.prisma, { id: sessionId, revokedAt: null }, reason);
  }

  /** Ends every session of the user and invalidates every access token already issued to them. */
  async endAllFor(userId: string, reason: string, tx: Prisma.TransactionClient): Promise<void> {
    await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
    await this.revokeWith(tx, { userId, revokedAt: null }, reason);
  }

  /**
   * The per-request check behind every access token: user active, token version current, session
   * neither revoked, expired nor idle. One indexed query; `last_seen_at` is written at most every 30 s.
   */
  async live(userId: string, sessionId: string, tokenVersion: number): Promise<LiveSession | undefined> {
    const { rows } = await this.pool.query<{
      role: Role;
      status: string;
      token_version: number;
      revoked_at: Date | null;
      expires_at: Date;
      last_seen_at: Date;
    }>(
      `SELECT u.role, u.status, u.token_version, s.revoked_at, s.expires_at, s.last_seen_at
         FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    if (!row || row.status !== 'active' || row.token_version !== tokenVersion) return undefined;
    if (!this.isLive({ revokedAt: row.revoked_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at }))
      return undefined;
    if (Date.now() - row.last_seen_at.getTime() > LAST_SEEN_RESOLUTION_MS)
      await this.pool.query('UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1', [sessionId]);
    return { userId, role: row.role };
  }

  private isLive(session: { revokedAt: Date | null; expiresAt: Date; lastSeenAt: Date }): boolean {
    const now = Date.now();
    const idleMs = this.config.SESSION_IDLE_TIMEOUT_MINUTES * 60_000;
    return (
      !session.revokedAt && session.expiresAt.getTime() > now && now - session.lastSeenAt.getTime() <= idleMs
    );
  }

  private async accessToken(user: SessionUser, sessionId: string, scope: TokenScope) {
    const accessToken = await this.tokens.issue({
      userId: user.id,
      role: user.role,
      sessionId,
      tokenVersion: user.tokenVersion,
      scope,
    });
    return { accessToken, expiresIn: this.tokens.ttlSeconds };
  }

  private async newRefreshToken(db: Pick<PrismaService, 'refreshToken'>, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.refreshToken.create({ data: { sessionId, tokenHash: sha256(token) } });
    return token;
  }

  private async revokeWith(
    db: Pick<PrismaService, 'authSession'>,
    where: Prisma.AuthSessionWhereInput,
    reason: string,
  ): Promise<void> {
    await db.authSession.updateMany({ where, data: { revokedAt: new Date(), revokedReason: reason } });
  }
}
