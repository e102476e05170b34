import type { FieldRef } from '../crypto/field-cipher.js';
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

/**
 * True when the entry's current version withdraws it (HL7 OBX-11 D/W, MDM T11, ADT A23:
 * `status: 'entered-in-error'`). The timeline still shows it, marked; nothing may rank or cite it.
 */
export function isRetracted(entry: Pick<EntryView, 'body'>): boolean {
  return (entry.body as { status?: unknown }).status === 'entered-in-error';
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

/** What an entry version's body is bound to besides its own row: its entry, number and kind. */
export interface EntryVersionBinding {
  entryId: string;
  version: number;
  kind: string;
}

/**
 * The AAD place of an entry version's body: the version row, and (format 2) the entry id,
 * version number and kind, so a body copied to another entry or version, or an entry relabelled
 * with another kind, fails to decrypt. Bodies sealed before bind the version row only and still open.
 */
export const ENTRY_BODY = (versionId: string, { entryId, version, kind }: EntryVersionBinding): FieldRef => ({
  table: 'entry_versions',
  rowId: versionId,
  field: 'body',
  context: [entryId, String(version), kind],
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
