import { DomainError } from './errors/domain-error.js';
import { isUuid } from './ids.js';

/**
 * A keyset paging position — a time, then an id, both descending — as an opaque cursor: stable
 * under inserts, and anything not made here is a 400.
 */
export const encodeKeysetCursor = (at: Date, id: string): string =>
  Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');

export function decodeKeysetCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !isUuid(id) || Number.isNaN(at.getTime())) {
    throw new DomainError('invalid_cursor', 'cursor: not a cursor this API returned');
  }
  return { at, id };
}
