import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor.js';

/** The timeline's keyset position (occurredAt desc, id desc). */
export interface TimelinePosition {
  occurredAt: Date;
  id: string;
}

export const encodeCursor = ({ occurredAt, id }: TimelinePosition) => encodeKeysetCursor(occurredAt, id);

export function decodeCursor(cursor: string): TimelinePosition {
  const { at, id } = decodeKeysetCursor(cursor);
  return { occurredAt: at, id };
}
