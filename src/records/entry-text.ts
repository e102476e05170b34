/**
 * The one rendering of a record entry into plain text: what the timeline's `text`, retrieval (BM25
 * and the passage offsets it returns), the embedding model and report citations all read. Reports
 * quote it behind a `YYYY-MM-DD Label: ` header (reports/evidence/evidence-entry.ts); retrieval's
 * offsets point into this text without that header. Deterministic: same body, same text. It also
 * reads older or foreign body shapes (FHIR-like `valueQuantity`, `interpretation`, `code.display`)
 * so evaluation fixtures and imported data render the same way.
 */
export function entryText(kind: string, body: unknown): string {
  return renderBody(kind, asBody(body));
}

/** Human labels of entry kinds (and of the kinds other systems send). */
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

export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? capitalise(kind);

type Body = Record<string, unknown>;

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
