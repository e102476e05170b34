import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInputError } from '../errors/domain-error.js';

/** Deeper JSON than any of our request bodies needs (a report edit is about 6 levels). */
export const MAX_JSON_DEPTH = 32;

export class JsonTooDeepError extends InvalidInputError {
  constructor() {
    super([`body: nests deeper than ${MAX_JSON_DEPTH} levels`], 'json_too_deep');
  }
}

export class NulCharacterError extends InvalidInputError {
  constructor(where: 'path' | 'query' | 'body') {
    super([`${where}: must not contain NUL characters`], 'nul_character');
  }
}

/**
 * The nesting depth of a JSON text, counted in one pass without parsing (brackets inside strings
 * skipped), stopping as soon as it passes `max`. Run before JSON.parse, so a body of 100,000 `[`
 * costs a scan, not a stack overflow in whatever walks the parsed value.
 */
export function exceedsJsonDepth(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Whether any string (key or value) inside `value` contains U+0000. Depth is bounded by the parser. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some(containsNul);
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
}

/**
 * JSON bodies: the depth cap before parsing, then Fastify's own parser (which refuses `__proto__`
 * and `constructor.prototype`). For `app.useBodyParser('application/json', …, parseJsonBody)`.
 */
export function jsonBodyParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    const text = body.toString('utf8');
    if (exceedsJsonDepth(text)) return done(new JsonTooDeepError());
    parse(request, text, done);
  };
}

/**
 * No NUL character reaches a handler, in the path, the query or a parsed body (PostgreSQL refuses
 * it in text, which surfaced as a 500; nothing legitimate sends one). Raw bodies (HL7 bytes) are
 * the ingest parser's to judge.
 */
export function refuseNulCharacters(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    if (containsNul(request.params)) throw new NulCharacterError('path');
    if (containsNul(request.query)) throw new NulCharacterError('query');
    if (containsNul(request.body)) throw new NulCharacterError('body');
  });
}
