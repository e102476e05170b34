import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import '../access/principal.js';
import { AccessTokens, InvalidTokenError } from './access-tokens.js';
import { SessionsService } from './sessions.service.js';

/** Routes an MFA-enrolment token may reach: enrol, confirm, who-am-I, logout (and sign-in again). */
const ENROLMENT_ROUTES = /^\/api\/auth\/(mfa\/(enrol|confirm)|me|logout|login|refresh)(\?|$)/;

/**
 * Runs as a Fastify `onRequest` hook (registered in app.factory.ts), before Nest's guards: a valid
 * bearer token of a live session sets `request.principal`. Anything else leaves it unset, and the
 * global AccessGuard answers 401 on every non-public route (deny by default stays its job).
 */
@Injectable()
export class RequestAuthenticator {
  private readonly logger = new Logger(RequestAuthenticator.name);

  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
  ) {}

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return undefined;
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
    if (!match) return undefined;
    try {
      const token = match[1]!;
      let claims = this.sessions.cache.verifiedToken(token); // the session is still checked below
      if (claims && !(await this.tokens.signerStillTrusted(token))) claims = undefined; // key retired
      if (!claims) this.sessions.cache.storeToken(token, (claims = await this.tokens.verify(token)));
      const live = await this.sessions.live(claims.userId, claims.sessionId, claims.tokenVersion);
      if (!live) return undefined;
      if (claims.scope === 'mfa-enrolment' && !ENROLMENT_ROUTES.test(request.url)) {
        await reply.status(403).send({
          statusCode: 403,
          error: 'Forbidden',
          message: 'multi-factor authentication must be set up first',
          code: 'mfa_enrolment_required',
          correlationId: String(request.id),
        });
        return reply;
      }
      request.principal = { userId: live.userId, role: live.role, sessionId: claims.sessionId };
    } catch (error) {
      if (error instanceof InvalidTokenError) return undefined;
      // The session check could not run (database down): fail closed with a generic body.
      this.logger.error({ err: error, correlationId: request.id }, 'authentication check failed');
      await reply.status(503).send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'authentication is temporarily unavailable',
        correlationId: String(request.id),
      });
      return reply;
    }
  }
}
