import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../audit/audit-actor.js';
import type { AuditActor } from '../audit/audit.service.js';
import type { Principal } from './principal.js';

/** Who is calling and how to audit it: what every patient-scoped service method takes. */
export interface Caller {
  principal: Principal;
  actor: AuditActor;
  correlationId: string;
}

/** `@CurrentCaller() caller: Caller` in a controller handler behind @RequirePermission. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.principal) throw new UnauthorizedException('authentication required');
  return { principal: request.principal, ...auditContext(request) };
});

/** For CLI commands and system jobs: no principal user, actor 'system'. */
export const auditOf = (caller: Caller | undefined) =>
  caller ? { actor: caller.actor, correlationId: caller.correlationId } : {};
