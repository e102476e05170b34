import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditContext } from './audit-actor.js';
import { auditEvent } from './audit-event.js';
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

const MINUTE_MS = 60_000;
/** Addresses tracked at once; past this the oldest bucket is written early (memory stays bounded). */
const MAX_SOURCES = 10_000;
/** Distinct routes named per aggregated event. */
const MAX_ROUTES = 20;

interface UnauthenticatedBucket {
  minute: number;
  count: number;
  routes: Set<string>;
  userAgent?: string;
}

const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? 'unknown'}`;

/**
 * Records every 401/403 answer that its handler did not already audit (as denied or failed) (e.g. the global
 * access guard refusing a role): `access.denied`, with the route pattern as the entity id. Written
 * after the response, so a failure here is logged, not returned (the request failed anyway).
 *
 * Unauthenticated 401s (no principal) are aggregated instead of written one row each: one
 * `access.denied` event per source address per minute, its reason giving the count and the minute,
 * its ids the routes tried. A scanner hammering the API thus costs one audit row a minute, not one
 * per request. Buckets are written when their minute is over (a timer, or the address's next
 * request) and when the application closes.
 */
@Injectable()
export class AuditDenials implements OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private readonly unauthenticated = new Map<string, UnauthenticatedBucket>();
  private flusher: NodeJS.Timeout | undefined;

  // Registered while providers are built, i.e. before Nest adds its routes at init (Fastify binds a
  // route's hooks when the route is added).
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly audit: AuditService,
  ) {
    this.register(adapterHost);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.flusher) clearInterval(this.flusher);
    this.flusher = undefined;
    await this.flush(Number.POSITIVE_INFINITY);
  }

  /** Writes every aggregated bucket whose minute started before `beforeMinute` (all by default). */
  async flush(beforeMinute = Number.POSITIVE_INFINITY): Promise<void> {
    for (const [address, bucket] of [...this.unauthenticated]) {
      if (bucket.minute >= beforeMinute) continue;
      this.unauthenticated.delete(address);
      await this.writeBucket(address, bucket);
    }
  }

  private register(adapterHost: HttpAdapterHost): void {
    const adapter = adapterHost.httpAdapter;
    if (!adapter) return; // CLI contexts have no HTTP server
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      if (reply.statusCode !== 401 && reply.statusCode !== 403) return;
      if (this.audit.wasDeniedAudited(String(request.id))) return;
      if (reply.statusCode === 401 && !request.principal) return this.countUnauthenticated(request);
      try {
        await this.audit.record(
          auditEvent('access.denied', {
            action: ACTION[request.method] ?? 'E',
            outcome: 'denied',
            ...auditContext(request),
            ids: [routeOf(request)],
          }),
        );
      } catch (error) {
        this.logger.error(`could not audit a denied request: ${(error as Error).message}`);
      }
    });
  }

  private async countUnauthenticated(request: FastifyRequest): Promise<void> {
    const address = request.ip ?? 'unknown';
    const minute = Math.floor(Date.now() / MINUTE_MS);
    let bucket = this.unauthenticated.get(address);
    if (bucket && bucket.minute !== minute) {
      this.unauthenticated.delete(address);
      await this.writeBucket(address, bucket);
      bucket = undefined;
    }
    if (!bucket) {
      if (this.unauthenticated.size >= MAX_SOURCES) {
        const [oldest, early] = this.unauthenticated.entries().next().value!;
        this.unauthenticated.delete(oldest);
        await this.writeBucket(oldest, early);
      }
      const userAgent = request.headers['user-agent'];
      bucket = { minute, count: 0, routes: new Set(), userAgent };
      this.unauthenticated.set(address, bucket);
    }
    bucket.count++;
    if (bucket.routes.size < MAX_ROUTES) bucket.routes.add(routeOf(request));
    this.flusher ??= setInterval(() => {
      void this.flush(Math.floor(Date.now() / MINUTE_MS));
      if (this.unauthenticated.size === 0 && this.flusher) {
        clearInterval(this.flusher);
        this.flusher = undefined;
      }
    }, MINUTE_MS / 4).unref();
  }

  private async writeBucket(address: string, bucket: UnauthenticatedBucket): Promise<void> {
    const from = new Date(bucket.minute * MINUTE_MS).toISOString();
    try {
      await this.audit.record(
        auditEvent('access.denied', {
          outcome: 'denied',
          actor: { address, userAgent: bucket.userAgent },
          ids: [...bucket.routes],
          reason: `${bucket.count} unauthenticated request${bucket.count === 1 ? '' : 's'} in the minute from ${from}`,
        }),
      );
    } catch (error) {
      this.logger.error(`could not audit unauthenticated requests: ${(error as Error).message}`);
    }
  }
}
