import type { FastifyInstance, RouteOptions } from 'fastify';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Any route not named below: JSON such as an entry (a note is up to 100,000 characters). */
export const DEFAULT_BODY_LIMIT = 1 * MiB;

/**
 * Routes whose bodies are bounded otherwise than by the default, by `METHOD /path` pattern. Sign-in
 * and account routes carry a few short strings; only HL7 submissions and report edits need more.
 */
const ROUTE_LIMITS: { route: RegExp; limit: number }[] = [
  { route: /^[A-Z]+ \/api\/auth\//, limit: 16 * KiB },
  { route: /^POST \/api\/ingest\/hl7$/, limit: 4 * MiB },
  { route: /^PATCH \/api\/reports\/:id$/, limit: 4 * MiB },
];

export function bodyLimitFor(method: string, url: string): number {
  const key = `${method} ${url}`;
  return ROUTE_LIMITS.find(({ route }) => route.test(key))?.limit ?? DEFAULT_BODY_LIMIT;
}

/**
 * Gives every route added from now on its body limit (a route's own limit wins over its content
 * parser's, so this holds for JSON and HL7 alike). Register before Nest adds its routes (at init).
 */
export function registerBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.bodyLimit !== undefined) return;
    const methods = [route.method].flat();
    route.bodyLimit = Math.max(...methods.map((method) => bodyLimitFor(method, route.url)));
  });
}
