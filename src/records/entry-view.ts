import type { EntryBody, EntryKind } from './entry-kinds.js';
import { entryText } from './entry-text.js';

export interface EntryProvenance {
  recordedById: string | null;
  sourceMessageId: string | null;
  recordedAt: Date;
}

export interface EntryView {
  id: string;
  patientId: string;
  kind: EntryKind;
  occurredAt: Date;
  version: number;
  body: EntryBody;
  /** The body as plain text (`entryText`): what retrieval ranks and reports quote. */
  text: string;
  provenance: EntryProvenance;
}

/** One stored version row, as read for decryption. */
export interface EntryVersionRow {
  id: string;
  entryId: string;
  patientId: string;
  version: number;
  occurredAt: Date;
  body: Uint8Array;
  recordedById: string | null;
  sourceMessageId: string | null;
  recordedAt: Date;
}

/** The AAD place of an entry version's body: the version row itself. */
export const ENTRY_BODY = (versionId: string) => ({
  table: 'entry_versions',
  rowId: versionId,
  field: 'body',
});

/** A view from its decrypted parts (text derived here, once). */
export function toEntryView(
  row: Omit<EntryVersionRow, 'body' | 'id'> & { kind: EntryKind },
  body: EntryBody,
): EntryView {
  return {
    id: row.entryId,
    patientId: row.patientId,
    kind: row.kind,
    occurredAt: row.occurredAt,
    version: row.version,
    body,
    text: entryText(row.kind, body),
    provenance: {
      recordedById: row.recordedById,
      sourceMessageId: row.sourceMessageId,
      recordedAt: row.recordedAt,
    },
  };
}
