import type { EntryBody, EntryKind } from './entry-kinds.js';

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
