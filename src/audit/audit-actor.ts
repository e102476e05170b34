import type { FastifyRequest } from 'fastify';
import '../access/principal.js';
import type { AuditActor } from './audit.types.js';

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

/** Actor plus the request's correlation id: spread into an AuditEventInput. */
export function auditContext(request: FastifyRequest): { actor: AuditActor; correlationId: string } {
  return { actor: auditActor(request), correlationId: String(request.id) };
}
