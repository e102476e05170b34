import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/**
 * Paths that may carry PHI or secrets. Log lines hold ids, codes, counts and timings only; these
 * paths are a second line of defence for anything that slips through.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.totp',
  '*.secret',
  '*.name',
  '*.birthDate',
  '*.text',
  '*.body',
  '*.mrn',
  '*.question',
  '*.DATABASE_URL',
  '*.DATABASE_OWNER_URL',
  '*.KEK_BASE64',
  '*.LLM_API_KEY',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'anamnesis' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // The query string can carry an MRN or a name search: log the path only.
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url?.split('?')[0],
      }),
      err: pino.stdSerializers.err,
    },
  });
}

/** Nest's logger interface over pino, so framework messages share the same redacted stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
