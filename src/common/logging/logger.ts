import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

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

export interface LoggerOptions {
  /** Human-readable, coloured lines instead of JSON; default: stdout is a terminal outside production. */
  pretty?: boolean;
  /** Where lines go (default stdout); tests pass a capture stream. */
  destination?: DestinationStream;
}

/** JSON for log shippers and pipes; pretty only for a person at a terminal in development. */
export function prettyByDefault(): boolean {
  return process.stdout.isTTY === true && process.env.NODE_ENV !== 'production';
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? prettyByDefault();
  const destination = pretty
    ? PinoPretty({
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service,reqId,context,req,res',
        singleLine: true,
        messageFormat:
          '{if context}[{context}] {end}{msg}{if req} {req.method} {req.path}{end}{if res} → {res.statusCode}{end}',
        destination: options.destination ?? 1,
        sync: true,
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
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
    },
    destination,
  );
}

/** Nest's start-up chatter (one line per module and per route) is for debugging, not for the console. */
const DEBUG_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's logger interface over pino, so framework messages share the same redacted stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context !== undefined && DEBUG_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
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
