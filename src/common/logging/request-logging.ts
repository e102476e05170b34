import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's request log lines, one per answered request instead of two. Health probes, the web
 * client's files and the API documentation page go at debug, so a load balancer polling every few
 * seconds does not bury the lines that matter; a failure (5xx) is logged whatever the path. The
 * request serializer (logger.ts) keeps the path and drops the query string.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (reply.statusCode >= 500) reply.log.error(fields, 'request completed');
    else if (isRoutine(request)) reply.log.debug(fields, 'request completed');
    else reply.log.info(fields, 'request completed');
  }
}

/** Requests that carry no event of interest: health probes, static files, the docs page. */
export function isRoutine(request: Pick<FastifyRequest, 'url'>): boolean {
  const path = request.url.split('?')[0] ?? '/';
  if (path === '/api/health' || path.startsWith('/api/health/')) return true;
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return true;
  return path !== '/api' && !path.startsWith('/api/');
}
