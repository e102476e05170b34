import 'reflect-metadata';
import { StandardSchemaValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule, type AppOptions } from './app.module.js';
import { RequestAuthenticator } from './auth/request-authenticator.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { invalidInput } from './common/errors/validation-errors.js';
import { DEFAULT_BODY_LIMIT, registerBodyLimits } from './common/http/body-limits.js';
import { requestId } from './common/http/request-id.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { jsonBodyParser, refuseNulCharacters } from './common/http/safe-input.js';
import { NestPinoLogger } from './common/logging/logger.js';
import { RequestLogController } from './common/logging/request-logging.js';
import { buildOpenApiDocument } from './openapi/openapi.js';

/** Builds the configured application (not yet listening); used by main.ts, the CLI and the tests. */
export async function createApp(options: AppOptions, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: requestId,
    logController: new RequestLogController(), // health probes and static files at debug
    bodyLimit: DEFAULT_BODY_LIMIT, // per route: common/http/body-limits.ts
    // Only the listed reverse proxies may name the client (X-Forwarded-For) for per-address limits.
    trustProxy: options.config.TRUST_PROXY ?? false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
  });
  app.setGlobalPrefix('api');
  // Input bounds (DESIGN.md invariant 11): per-route body limits, JSON depth, no NUL characters.
  const server = app.getHttpAdapter().getInstance();
  registerBodyLimits(server);
  app.useBodyParser('application/json', { bodyLimit: DEFAULT_BODY_LIMIT }, jsonBodyParser(server));
  refuseNulCharacters(server);
  // Every @Body/@Query that names a schema (zod, strict: unknown fields are refused) is checked here,
  // and answered with the one 400 body; the same schema documents the route in OpenAPI.
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: invalidInput }));
  const errors = new HttpExceptionFilter(logger);
  app.useGlobalFilters(errors);
  // What Fastify refuses before a route's handler runs (bad JSON, body limit, content type, input
  // hooks) goes to the route's Fastify error handler, not to Nest's filters: the same one answers.
  server.addHook('onRoute', (route) => {
    route.errorHandler ??= (error, request, reply) => errors.respond(error, request, reply);
  });
  await app.register(fastifyCookie);
  registerSecurityHeaders(server);
  const fastify = app.getHttpAdapter().getInstance();
  // Sets request.principal from a bearer token before Nest's guards run (src/auth/README.md).
  const authenticator = app.get(RequestAuthenticator);
  fastify.addHook('onRequest', (request, reply) => authenticator.onRequest(request, reply));
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    // Swagger UI's page (@nestjs/swagger's template) carries an inline <style>: only it keeps 'unsafe-inline'.
    const csp = reply.getHeader('content-security-policy');
    if (request.url.startsWith('/api/docs') && typeof csp === 'string')
      void reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      );
  });
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    swaggerOptions: { persistAuthorization: false },
  });
  return app;
}
