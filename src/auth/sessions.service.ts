import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PG_POOL, PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { ClusterEvents } from '../cluster/cluster-events.js';
import { AccessTokens, type TokenScope } from './access-tokens.js';
import { SessionCache, type SessionRow } from './session-cache.js';

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
    cluster: ClusterEvents,
  ) {
    this.cache = new SessionCache(cluster);
  }

  /** Verified tokens and live sessions in memory, invalidated across nodes (session-cache.ts). */
  readonly cache: SessionCache;

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
    this.cache.beforeChange({ userId });
    await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
    await this.revokeWith(tx, { userId, revokedAt: null }, reason);
  }

  /**
   * The per-request check behind every access token: user active, token version current, session
   * neither revoked, expired nor idle. One indexed query; `last_seen_at` is written at most every 30 s.
   */
  async live(userId: string, sessionId: string, tokenVersion: number): Promise<LiveSession | undefined> {
    let row = this.cache.session(sessionId);
    // A cached row is re-read once last_seen_at is due for its update (and so at least that often).
    if (!row || Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      row = await this.readSession(sessionId);
      if (!row) return undefined;
    }
    if (row.userId !== userId || row.status !== 'active' || row.tokenVersion !== tokenVersion)
      return undefined;
    if (!this.isLive(row)) return undefined;
    return { userId, role: row.role };
  }

  /** The session and its user as the database has them now (cached), last_seen_at refreshed when due. */
  private async readSession(sessionId: string): Promise<SessionRow | undefined> {
    const generation = this.cache.currentGeneration;
    const { rows } = await this.pool.query<{
      user_id: string;
      role: Role;
      status: string;
      token_version: number;
      revoked_at: Date | null;
      expires_at: Date;
      last_seen_at: Date;
      email: string;
      mfa_enabled_at: Date | null;
    }>(
      `SELECT s.user_id, u.role, u.status, u.token_version, s.revoked_at, s.expires_at, s.last_seen_at,
              u.email, u.mfa_enabled_at
         FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    );
    const found = rows[0];
    if (!found) return undefined;
    const row: SessionRow = {
      userId: found.user_id,
      role: found.role,
      status: found.status,
      tokenVersion: found.token_version,
      revokedAt: found.revoked_at,
      expiresAt: found.expires_at,
      lastSeenAt: found.last_seen_at,
      email: found.email,
      mfaEnabledAt: found.mfa_enabled_at,
    };
    if (
      row.status === 'active' &&
      this.isLive(row) &&
      Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS
    ) {
      await this.pool.query('UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1', [sessionId]);
      row.lastSeenAt = new Date();
    }
    this.cache.storeSession(sessionId, row, generation);
    return row;
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
    this.cache.beforeChange({
      sessionId: typeof where.id === 'string' ? where.id : undefined,
      userId: typeof where.userId === 'string' ? where.userId : undefined,
    });
    await db.authSession.updateMany({ where, data: { revokedAt: new Date(), revokedReason: reason } });
  }
}
