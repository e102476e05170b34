import type { FastifyRequest } from 'fastify';

interface Refusal {
  code: string;
  /** One line naming what was refused; never the refused content (it may be PHI). */
  detail: (request: FastifyRequest) => string;
}

/**
 * Fastify refuses some input before any route runs (its content-type parsing and body limits);
 * each refusal gets a stable code and a `details` line naming what was wrong, like every 400.
 */
const REFUSALS: Record<string, Refusal> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: () => 'body: not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    detail: () => 'body: empty, although the content type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    detail: (request) =>
      `body: larger than the ${request.routeOptions.bodyLimit ?? 'route'} bytes this route accepts`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: () => 'content-type: not accepted by this route (JSON routes take application/json)',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: () => 'content-length: does not match the body',
  },
};

/** The refusal a Fastify client error stands for, if it is one of the input refusals above. */
export function parserRefusal(error: unknown): Refusal | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? REFUSALS[code] : undefined;
}
