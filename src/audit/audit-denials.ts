import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditContext } from './audit-actor.js';
import { AuditService } from './audit.service.js';
import type { AuditAction } from './audit.types.js';

const ACTION: Record<string, AuditAction> = {
  GET: 'R',
  HEAD: 'R',
  POST: 'C',
  PUT: 'U',
  PATCH: 'U',
  DELETE: 'D',
};

/**
 * Records every 401/403 answer that its handler did not already audit (as denied or failed) (e.g. the global
 * access guard refusing a role): `access.denied`, with the route pattern as the entity id. Written
 * after the response, so a failure here is logged, not returned (the request failed anyway).
 */
@Injectable()
export class AuditDenials {
  private readonly logger = new Logger('Audit');

  // Registered while providers are built, i.e. before Nest adds its routes at init (Fastify binds a
  // route's hooks when the route is added).
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly audit: AuditService,
  ) {
    this.register(adapterHost);
  }

  private register(adapterHost: HttpAdapterHost): void {
    const adapter = adapterHost.httpAdapter;
    if (!adapter) return; // CLI contexts have no HTTP server
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      if (reply.statusCode !== 401 && reply.statusCode !== 403) return;
      if (this.audit.wasDeniedAudited(String(request.id))) return;
      try {
        await this.audit.record({
          type: 'access.denied',
          action: ACTION[request.method] ?? 'E',
          outcome: 'denied',
          ...auditContext(request),
          entity: { type: 'Route', ids: [`${request.method} ${request.routeOptions.url ?? 'unknown'}`] },
        });
      } catch (error) {
        this.logger.error(`could not audit a denied request: ${(error as Error).message}`);
      }
    });
  }
}
