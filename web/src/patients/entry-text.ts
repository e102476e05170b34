import type { Entry } from '../api/types';

/** Entry kinds as src/records/entry-kinds.ts defines them, with their human labels. */
export const KIND_LABEL: Record<string, string> = {
  note: 'Note',
  problem: 'Problem',
  medication: 'Medication',
  allergy: 'Allergy',
  observation: 'Result',
  encounter: 'Encounter',
  procedure: 'Procedure',
  document: 'Document',
};

export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

export interface Measurement {
  code: string;
  name: string;
  value: number;
  unit?: string;
  low?: number;
  high?: number;
  flag?: string;
}

const FLAG_LABEL: Record<string, string> = {
  L: 'low',
  H: 'high',
  LL: 'critically low',
  HH: 'critically high',
  A: 'abnormal',
  AA: 'critically abnormal',
};

/** A numeric observation (lab result, vital sign), or undefined. */
export function measurementOf(entry: Entry): Measurement | undefined {
  if (entry.kind !== 'observation') return undefined;
  const body = entry.body;
  const value = typeof body.value === 'number' ? body.value : NaN;
  const code = str(body.code);
  if (!Number.isFinite(value) || !code) return undefined;
  const range = body.referenceRange as { low?: number; high?: number } | undefined;
  return {
    code,
    name: str(body.display) ?? code,
    value,
    unit: str(body.unit),
    low: typeof range?.low === 'number' ? range.low : undefined,
    high: typeof range?.high === 'number' ? range.high : undefined,
    flag: str(body.abnormalFlag),
  };
}

/** The entry as one readable line or passage (notes and documents: their text). */
export function entryText(entry: Entry): string {
  const b = entry.body;
  switch (entry.kind) {
    case 'note':
    case 'document':
      return str(b.text) ?? str(b.title) ?? '';
    case 'observation': {
      const flag = str(b.abnormalFlag);
      const range = b.referenceRange as { low?: number; high?: number; text?: string } | undefined;
      const ref =
        range?.text ??
        (range && (range.low !== undefined || range.high !== undefined)
          ? `${range.low ?? ''}–${range.high ?? ''}`
          : undefined);
      return [
        `${str(b.display) ?? str(b.code) ?? 'Result'}: ${str(b.value) ?? ''}${b.unit ? ` ${str(b.unit)}` : ''}`,
        flag && flag !== 'N' ? ` (${FLAG_LABEL[flag] ?? flag})` : '',
        ref ? ` [ref ${ref}]` : '',
      ].join('');
    }
    case 'medication':
      return (
        [str(b.name), str(b.dose), str(b.route), str(b.frequency)].filter(Boolean).join(' ') +
        (b.status && b.status !== 'active' ? ` (${str(b.status)})` : '')
      );
    case 'allergy':
      return `${str(b.substance) ?? 'Allergy'}${b.reaction ? ` — ${str(b.reaction)}` : ''}${b.severity ? ` (${str(b.severity)})` : ''}`;
    case 'problem':
      return `${str(b.display) ?? str(b.code) ?? ''}${b.status && b.status !== 'active' ? ` (${str(b.status)})` : ''}`;
    case 'procedure':
      return `${str(b.display) ?? ''}${b.outcome ? ` — ${str(b.outcome)}` : ''}`;
    case 'encounter':
      return [str(b.type), str(b.reason), str(b.location)].filter(Boolean).join(' — ');
    default:
      return Object.entries(b)
        .filter(([, value]) => typeof value !== 'object')
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join('; ');
  }
}

/** The passage citations point into: the stored text for notes/documents, else the rendered line. */
export const citableText = entryText;

/** One line for the timeline: a note's title leads its text. */
export function entrySummary(entry: Entry): string {
  const title = typeof entry.body.title === 'string' ? entry.body.title : undefined;
  const text = entryText(entry);
  return title && text !== title ? `${title} — ${text}` : text;
}
