// The entry forms, one field list per kind, mirroring src/records/entry-kinds.ts (the server validates
// again and names the field it refuses; the form shows that message next to the field).

export type FieldType = 'text' | 'textarea' | 'select' | 'date' | 'number-or-text';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  /** Select values; labels come from `workspace.write.options.<value>` unless `raw`. */
  options?: readonly string[];
  raw?: boolean;
  maxLength?: number;
}

const CODE_SYSTEMS = ['ICD-10', 'ICD-10-CM', 'SNOMED-CT', 'LOINC', 'RxNorm', 'ATC', 'CPT', 'local'] as const;
const codeSystem = (required = false): FieldSpec => ({
  name: 'codeSystem',
  type: 'select',
  options: CODE_SYSTEMS,
  raw: true,
  required,
});
const code = (required = false): FieldSpec => ({ name: 'code', type: 'text', maxLength: 64, required });

export const ENTRY_FIELDS: Record<string, FieldSpec[]> = {
  note: [
    { name: 'title', type: 'text', maxLength: 200 },
    { name: 'text', type: 'textarea', required: true, maxLength: 100_000 },
  ],
  problem: [
    { name: 'display', type: 'text', required: true, maxLength: 500 },
    codeSystem(true),
    code(true),
    { name: 'status', type: 'select', options: ['active', 'resolved', 'inactive'] },
    { name: 'onset', type: 'date' },
  ],
  medication: [
    { name: 'name', type: 'text', required: true, maxLength: 500 },
    { name: 'dose', type: 'text', maxLength: 100 },
    { name: 'route', type: 'text', maxLength: 100 },
    { name: 'frequency', type: 'text', maxLength: 100 },
    { name: 'status', type: 'select', options: ['active', 'stopped', 'completed'] },
    codeSystem(),
    code(),
  ],
  allergy: [
    { name: 'substance', type: 'text', required: true, maxLength: 500 },
    { name: 'reaction', type: 'text', maxLength: 500 },
    { name: 'severity', type: 'select', options: ['mild', 'moderate', 'severe'] },
    codeSystem(),
    code(),
  ],
  observation: [
    code(true),
    { name: 'display', type: 'text', maxLength: 500 },
    { name: 'value', type: 'number-or-text', required: true, maxLength: 1000 },
    { name: 'unit', type: 'text', maxLength: 50 },
    { name: 'abnormalFlag', type: 'select', options: ['N', 'L', 'H', 'LL', 'HH', 'A', 'AA'] },
    { name: 'status', type: 'select', options: ['preliminary', 'final', 'corrected'] },
    codeSystem(),
  ],
  encounter: [
    { name: 'type', type: 'text', required: true, maxLength: 100 },
    { name: 'reason', type: 'text', maxLength: 500 },
    { name: 'location', type: 'text', maxLength: 200 },
  ],
  procedure: [
    { name: 'display', type: 'text', required: true, maxLength: 500 },
    { name: 'outcome', type: 'text', maxLength: 500 },
    codeSystem(),
    code(),
  ],
  document: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'contentType', type: 'select', options: ['text/plain', 'text/markdown'], raw: true },
    { name: 'text', type: 'textarea', required: true, maxLength: 1_000_000 },
  ],
};

export const WRITABLE_KINDS = Object.keys(ENTRY_FIELDS);

export type FormValues = Record<string, string>;

/** The form's values from a stored body (amend): strings only; other fields stay as stored. */
export function valuesOf(kind: string, body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of ENTRY_FIELDS[kind] ?? []) {
    const value = body[field.name];
    if (typeof value === 'string' || typeof value === 'number') values[field.name] = String(value);
  }
  return values;
}

/**
 * The body to send: the stored body (fields this form does not show, e.g. an import's history, are
 * kept) overlaid with the form's fields; an emptied optional field is removed; a numeric value is a number.
 */
export function bodyOf(kind: string, values: FormValues, stored: Record<string, unknown> = {}) {
  const body: Record<string, unknown> = { ...stored };
  for (const field of ENTRY_FIELDS[kind] ?? []) {
    const value = (values[field.name] ?? '').trim();
    if (value === '') delete body[field.name];
    else if (field.type === 'number-or-text' && /^-?\d+(\.\d+)?$/.test(value))
      body[field.name] = Number(value);
    else body[field.name] = value;
  }
  return body;
}

/** `YYYY-MM-DDTHH:mm` in the browser's zone (a datetime-local value) and back to an ISO instant. */
export function localInputOf(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export const instantOf = (local: string): string | undefined =>
  local ? new Date(local).toISOString() : undefined;
