import { DomainError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';

/** Keyset cursor over a patient's reports (createdAt desc, id desc): opaque to clients, stable under inserts. */
export interface ReportPosition {
  createdAt: Date;
  id: string;
}

export const encodeReportCursor = (position: ReportPosition) =>
  Buffer.from(`${position.createdAt.toISOString()}|${position.id}`, 'utf8').toString('base64url');

export function decodeReportCursor(cursor: string): ReportPosition {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new DomainError('invalid_cursor', 'cursor: not a cursor this API returned');
  }
  return { createdAt, id };
}
