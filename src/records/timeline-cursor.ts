import { DomainError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';

/** Keyset cursor over (occurredAt desc, id desc): opaque to clients, stable under inserts. */
export interface TimelinePosition {
  occurredAt: Date;
  id: string;
}

export const encodeCursor = (position: TimelinePosition) =>
  Buffer.from(`${position.occurredAt.toISOString()}|${position.id}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): TimelinePosition {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const occurredAt = new Date(iso ?? '');
  if (!id || !isUuid(id) || Number.isNaN(occurredAt.getTime())) {
    throw new DomainError('invalid_cursor', 'cursor: not a cursor this API returned');
  }
  return { occurredAt, id };
}
