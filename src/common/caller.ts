import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

/** Who did something, as an audit event names them (absent for system jobs: actor 'system'). */
export interface AuditActor {
  userId?: string;
  role?: string;
  address?: string;
  userAgent?: string;
}

/** Who is calling and how to audit it: what every patient-scoped service method takes. */
export interface Caller {
  principal: Principal;
  actor: AuditActor;
  correlationId: string;
}

/** Who made the request, for an audit event: principal (if authenticated), address, user agent. */
export function auditActor(request: FastifyRequest): AuditActor {
  const userAgent = request.headers['user-agent'];
  return {
    userId: request.principal?.userId,
    role: request.principal?.role,
    address: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
  };
}

/** Actor plus the request's correlation id: spread into an audit event. */
export function auditContext(request: FastifyRequest): { actor: AuditActor; correlationId: string } {
  return { actor: auditActor(request), correlationId: String(request.id) };
}

/** `@CurrentCaller() caller: Caller` in a controller handler behind @RequirePermission. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.principal) throw new UnauthorizedException('authentication required');
  return { principal: request.principal, ...auditContext(request) };
});
