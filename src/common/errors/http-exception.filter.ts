import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, InvalidInputError } from './domain-error.js';
import { parserRefusal } from './parser-refusals.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Stable and machine-readable: a domain code, or the status as a word (`not_found`). */
  code: string;
  /** Refused input: every problem, one line each naming the field (message joins them). */
  details?: string[];
  correlationId: string;
}

const reasonPhrase = (status: number) =>
  (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');

const statusCode = (status: number) => reasonPhrase(status).toLowerCase().replaceAll(' ', '_');

/**
 * Every 400 has the same body whoever refused the input (a route's schema, a pipe, Fastify's JSON
 * parser): `message` one line, `details` one problem per line, `code` (invalid_input by default).
 */
function withDetails(body: ErrorBody): ErrorBody {
  if (body.statusCode !== 400 || body.details) return body;
  const details = Array.isArray(body.message) ? body.message : [body.message];
  const code = body.code === statusCode(400) ? 'invalid_input' : body.code;
  return { ...body, message: details.join('; '), code, details };
}

/**
 * The one place errors become responses: `{statusCode, error, message, code?, details?, correlationId}`. Anything
 * unexpected is a generic 500 (details only in the log, by correlation id, without PHI).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Also Fastify's error handler of every route: what it refuses before Nest runs answers here too. */
  respond(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const body = withDetails(this.toBody(exception, request));
    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, correlationId: body.correlationId, path: request.url.split('?')[0] },
        'request failed',
      );
    }
    void reply.status(body.statusCode).header('x-request-id', body.correlationId).send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const correlationId = String(request.id);
    const refusal = parserRefusal(exception instanceof HttpException ? exception.cause : exception);
    if (refusal) {
      const status =
        exception instanceof HttpException
          ? exception.getStatus()
          : ((exception as { statusCode?: number }).statusCode ?? 400);
      const details = [refusal.detail(request)];
      return {
        statusCode: status,
        error: reasonPhrase(status),
        message: details.join('; '),
        code: refusal.code,
        details,
        correlationId,
      };
    }
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        error: reasonPhrase(exception.status),
        message: exception.message,
        code: exception.code,
        ...(exception instanceof InvalidInputError ? { details: exception.details } : {}),
        correlationId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      return {
        statusCode: status,
        error: reasonPhrase(status),
        message: status >= 500 ? 'Internal server error' : message,
        code: statusCode(status),
        correlationId,
      };
    }
    const status = (exception as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, bad JSON, unsupported media type).
      return {
        statusCode: status,
        error: reasonPhrase(status),
        message: (exception as Error).message,
        code: statusCode(status),
        correlationId,
      };
    }
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      code: 'internal_server_error',
      correlationId,
    };
  }
}
