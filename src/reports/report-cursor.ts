import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor.js';

/** A patient's reports list position (createdAt desc, id desc). */
export interface ReportPosition {
  createdAt: Date;
  id: string;
}

export const encodeReportCursor = ({ createdAt, id }: ReportPosition) => encodeKeysetCursor(createdAt, id);

export function decodeReportCursor(cursor: string): ReportPosition {
  const { at, id } = decodeKeysetCursor(cursor);
  return { createdAt: at, id };
}
