import { Injectable } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { LoginContext } from './login.service.js';
import { SessionsService, type IssuedSession } from './sessions.service.js';

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('invalid_refresh_token', 'session expired; sign in again', 401);
  }
}

/** Refresh (rotation, reuse detection) and logout, each audited. */
@Injectable()
export class SessionLifecycleService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async refresh(refreshToken: string | undefined, context: LoginContext): Promise<IssuedSession> {
    if (!refreshToken) throw new InvalidRefreshTokenError();
    const outcome = await this.sessions.refresh(refreshToken);
    if (outcome.kind === 'rotated') return outcome.issued;
    const reused = outcome.kind === 'reused';
    await this.audit.record(
      auditEvent(reused ? 'auth.refresh.reuse' : 'auth.refresh', {
        outcome: reused ? 'denied' : 'failure',
        ids: outcome.kind === 'reused' ? [outcome.sessionId] : undefined,
        actor: { ...context.actor, userId: outcome.userId },
        correlationId: context.correlationId,
      }),
    );
    throw new InvalidRefreshTokenError();
  }

  /** Ends the caller's session, found by access token and/or refresh cookie. */
  async logout(
    sessionId: string | undefined,
    refreshToken: string | undefined,
    context: LoginContext,
  ): Promise<void> {
    const ids = new Set<string>();
    if (sessionId) ids.add(sessionId);
    if (refreshToken) {
      const fromCookie = await this.sessions.sessionOfRefreshToken(refreshToken);
      if (fromCookie) ids.add(fromCookie);
    }
    if (ids.size === 0) return;
    for (const id of ids) await this.sessions.revoke(id, 'logout');
    await this.audit.record(auditEvent('auth.logout', { ids: [...ids], ...context }));
  }
}
