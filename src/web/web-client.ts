import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const ASSET = /^\/assets\/[\w.-]+\.(js|css|svg|png|woff2)$/;
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Serves the built React client (web/dist) at `/`: hashed assets with a year-long immutable cache,
 * and index.html (never cached) for every other non-API path so the client-side router can take
 * over on reload or deep link. `/api/...` and missing files fall through to the JSON 404.
 */
export async function registerWebClient(fastify: FastifyInstance, root: string): Promise<void> {
  await fastify.register(fastifyStatic, { root, serve: false });
  fastify.get('/*', (request, reply) => serve(root, request, reply));
}

function serve(root: string, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  if (isApi(path)) return reply.callNotFound();
  if (ASSET.test(path)) {
    if (!existsSync(join(root, path))) return reply.callNotFound();
    return reply.sendFile(path.slice(1), { maxAge: '365d', immutable: true });
  }
  if (extname(path) !== '' && path !== '/index.html') return reply.callNotFound();
  if (!existsSync(join(root, 'index.html'))) {
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The web client is not built yet: run `npm run build` (or `npm start`, which builds it).');
  }
  return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
}
