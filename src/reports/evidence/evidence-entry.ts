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

type Body = Record<string, unknown>;

export function toEvidence(entry: RecordEntryInput): EvidenceEntry {
  const when = new Date(entry.occurredAt);
  const time = Number.isNaN(when.getTime()) ? 0 : when.getTime();
  const date = new Date(time).toISOString().slice(0, 10);
  return { ...entry, date, time, text: renderEvidenceText(entry.kind, date, asBody(entry.body)) };
}

/** Where the entry's content starts inside `text` (after the `YYYY-MM-DD Kind: ` header). */
export function contentStart(entry: EvidenceEntry): number {
  const colon = entry.text.indexOf(': ');
  return colon < 0 ? 0 : colon + 2;
}

export const KIND_LABEL: Record<string, string> = {
  note: 'Note',
  observation: 'Result',
  lab: 'Result',
  vital: 'Vital sign',
  medication: 'Medication',
  allergy: 'Allergy',
  problem: 'Problem',
  condition: 'Problem',
  diagnosis: 'Diagnosis',
  procedure: 'Procedure',
  document: 'Document',
  encounter: 'Encounter',
  imaging: 'Imaging',
};

/** The one rendering of an entry into quotable text. Deterministic: same entry, same text. */
export function renderEvidenceText(kind: string, date: string, body: Body): string {
  const label = KIND_LABEL[kind] ?? capitalise(kind);
  return `${date} ${label}: ${renderBody(kind, body)}`;
}

function renderBody(kind: string, body: Body): string {
  switch (kind) {
    case 'note':
    case 'document':
    case 'imaging':
      return clean(str(body.text) ?? str(body.content) ?? str(body.note) ?? renderPairs(body));
    case 'observation':
    case 'lab':
    case 'vital':
      return renderObservation(body);
    case 'medication':
      return renderMedication(body);
    case 'allergy':
      return renderAllergy(body);
    case 'problem':
    case 'condition':
    case 'diagnosis':
    case 'procedure':
      return renderProblem(body);
    default:
      return renderPairs(body);
  }
}

/** "Creatinine 1.4 mg/dL (ref 0.6–1.2) H" or "Troponin I: negative". */
function renderObservation(body: Body): string {
  const name = displayName(body) ?? (typeof body.code === 'string' ? body.code : 'Observation');
  const value = body.value ?? (body.valueQuantity as Body | undefined)?.value;
  const unit = str(body.unit) ?? str((body.valueQuantity as Body | undefined)?.unit);
  const parts: string[] = [];
  if (typeof value === 'number') parts.push(`${name} ${value}${unit ? ` ${unit}` : ''}`);
  else parts.push(`${name}: ${str(value) ?? 'no value'}${unit ? ` ${unit}` : ''}`);
  const range = referenceRange(body);
  if (range) parts.push(`(ref ${range})`);
  const flag = str(body.interpretation) ?? str(body.abnormalFlag) ?? str(body.flag);
  if (flag) parts.push(flag);
  return parts.join(' ');
}

function referenceRange(body: Body): string | undefined {
  const range = (body.referenceRange ?? body.refRange) as Body | string | undefined;
  if (typeof range === 'string') return range;
  if (!range) return undefined;
  if (str(range.text)) return str(range.text);
  const low = range.low;
  const high = range.high;
  if (typeof low === 'number' && typeof high === 'number') return `${low}–${high}`;
  if (typeof low === 'number') return `>${low}`;
  if (typeof high === 'number') return `<${high}`;
  return undefined;
}

/** "Metformin 500 mg oral twice daily (active)". */
function renderMedication(body: Body): string {
  const name = displayName(body) ?? str(body.drug) ?? 'Medication';
  const parts = [name, str(body.dose), str(body.route), str(body.frequency)].filter(Boolean);
  const status = str(body.status);
  return `${parts.join(' ')}${status ? ` (${status})` : ''}`;
}

/** "Penicillin — reaction: rash (moderate)". */
function renderAllergy(body: Body): string {
  const substance = str(body.substance) ?? displayName(body) ?? 'Unknown substance';
  const reaction = str(body.reaction);
  const severity = str(body.severity);
  return `${substance}${reaction ? ` — reaction: ${reaction}` : ''}${severity ? ` (${severity})` : ''}`;
}

/** "Type 2 diabetes mellitus (E11.9), onset 2019-05-01, active". */
function renderProblem(body: Body): string {
  const name = displayName(body) ?? 'Unnamed problem';
  const code = codeOf(body);
  const onset = str(body.onset) ?? str(body.onsetDate);
  const status = str(body.status) ?? str(body.clinicalStatus);
  const outcome = str(body.outcome);
  return [
    `${name}${code ? ` (${code})` : ''}`,
    onset ? `onset ${onset}` : undefined,
    status,
    outcome ? `outcome: ${outcome}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Unknown kinds: sorted `key: value` pairs of the primitive fields, so the text is stable. */
function renderPairs(body: Body): string {
  return Object.keys(body)
    .sort()
    .filter((key) => ['string', 'number', 'boolean'].includes(typeof body[key]))
    .map((key) => `${key}: ${clean(String(body[key]))}`)
    .join('; ');
}

function displayName(body: Body): string | undefined {
  const code = body.code as Body | string | undefined;
  return (
    str(body.name) ??
    str(body.display) ??
    str(body.test) ??
    (typeof code === 'object' && code ? str(code.display) : undefined)
  );
}

function codeOf(body: Body): string | undefined {
  const code = body.code as Body | string | undefined;
  if (typeof code === 'string') return code;
  if (code && typeof code === 'object') return str(code.code);
  return str(body.icd10);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? clean(value) : undefined;
}

/** Collapses whitespace (line breaks included) so offsets are the same on every platform. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function asBody(body: unknown): Body {
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Body)
    : { text: String(body ?? '') };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
