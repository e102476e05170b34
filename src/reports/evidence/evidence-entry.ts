import { entryText, KIND_LABEL, kindLabel } from '../../records/entry-text.js';

export { KIND_LABEL };

/**
 * The input every report generator and the citation verifier work from: one authorized record
 * entry of one patient, with the plain text that citations quote. `text` is derived from the entry
 * by `renderEvidenceText` and nothing else, so a citation's `start`/`end` offsets stay valid for as
 * long as the entry version does.
 */
export interface RecordEntryInput {
  id: string;
  kind: string;
  occurredAt: Date | string;
  body: unknown;
}

export interface EvidenceEntry extends RecordEntryInput {
  /** The quotable text: `renderEvidenceText(entry)`. */
  text: string;
  /** `occurredAt` as `YYYY-MM-DD` (UTC). */
  date: string;
  /** Epoch milliseconds of `occurredAt`, for ordering. */
  time: number;
}

export function toEvidence(entry: RecordEntryInput): EvidenceEntry {
  return withText(entry, (date) => renderEvidenceText(entry.kind, date, entry.body));
}

/** toEvidence for an entry whose `entryText` is already rendered (the read port's `EntryView.text`). */
export function toEvidenceWithText(entry: RecordEntryInput, bodyText: string): EvidenceEntry {
  return withText(entry, (date) => `${date} ${kindLabel(entry.kind)}: ${bodyText}`);
}

function withText(entry: RecordEntryInput, text: (date: string) => string): EvidenceEntry {
  const when = new Date(entry.occurredAt);
  const time = Number.isNaN(when.getTime()) ? 0 : when.getTime();
  const date = new Date(time).toISOString().slice(0, 10);
  return { ...entry, date, time, text: text(date) };
}

/** Where the entry's content starts inside `text` (after the `YYYY-MM-DD Kind: ` header). */
export function contentStart(entry: EvidenceEntry): number {
  const colon = entry.text.indexOf(': ');
  return colon < 0 ? 0 : colon + 2;
}

/**
 * What a citation quotes: the records module's one rendering (`entryText`) behind a date and kind
 * header, so a cited date is in the quote. Retrieval's passage offsets point into `entryText`
 * without this header; reports never reuse them — the generators find their own spans here.
 */
export function renderEvidenceText(kind: string, date: string, body: unknown): string {
  return `${date} ${kindLabel(kind)}: ${entryText(kind, body)}`;
}
