import type { TFunction } from 'i18next';
import type { Entry } from '../api/types';

/** Entry kinds as src/records/entry-kinds.ts defines them (labels in the catalogue, `kinds.*`). */
const KINDS = [
  'note',
  'problem',
  'medication',
  'allergy',
  'observation',
  'encounter',
  'procedure',
  'document',
] as const;
type Kind = (typeof KINDS)[number];
const isKind = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);

export const kindLabel = (kind: string, t: TFunction) =>
  isKind(kind) ? t(`kinds.${kind}`) : kind.charAt(0).toUpperCase() + kind.slice(1);

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

const FLAGS = ['L', 'H', 'LL', 'HH', 'A', 'AA'] as const;
const STATUSES = ['active', 'stopped', 'completed', 'resolved', 'inactive'] as const;
const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
/** A coded value in the reader's language; an unknown code as recorded. */
const coded = <K extends string>(
  codes: readonly K[],
  value: string | undefined,
  label: (code: K) => string,
) =>
  value === undefined ? undefined : (codes as readonly string[]).includes(value) ? label(value as K) : value;

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

/** What rendering an entry needs from the reader's language: its words and its calendar-date format. */
export interface EntryWords {
  t: TFunction;
  calendarDate: (value: string) => string;
}

/**
 * The entry as one readable line or passage (notes and documents: their text). Recorded content
 * stays as recorded; only the words the client adds (flags, statuses, "ref", dates) follow the language.
 */
export function entryText(entry: Entry, { t, calendarDate }: EntryWords): string {
  const b = entry.body;
  const status = (value: unknown) => coded(STATUSES, str(value), (code) => t(`entry.status.${code}`));
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
        `${str(b.display) ?? str(b.code) ?? t('entry.result')}: ${str(b.value) ?? ''}${b.unit ? ` ${str(b.unit)}` : ''}`,
        flag && flag !== 'N' ? ` (${coded(FLAGS, flag, (code) => t(`entry.flags.${code}`))})` : '',
        ref ? ` ${t('entry.reference', { range: ref })}` : '',
      ].join('');
    }
    case 'medication':
      return (
        [str(b.name), str(b.dose), str(b.route), str(b.frequency)].filter(Boolean).join(' ') +
        (b.status && b.status !== 'active' ? ` (${status(b.status)})` : '')
      );
    case 'allergy': {
      const severity = coded(SEVERITIES, str(b.severity), (code) => t(`entry.severity.${code}`));
      return `${str(b.substance) ?? t('kinds.allergy')}${b.reaction ? ` — ${str(b.reaction)}` : ''}${severity ? ` (${severity})` : ''}`;
    }
    case 'problem': {
      // onset is a calendar date (YYYY-MM-DD): formatted as written, never through a time zone.
      const onset = str(b.onset);
      return [
        str(b.display) ?? str(b.code) ?? '',
        b.status && b.status !== 'active' ? ` (${status(b.status)})` : '',
        onset ? t('entry.since', { date: calendarDate(onset) }) : '',
      ].join('');
    }
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

/** One line for the timeline: a note's title leads its text. */
export function entrySummary(entry: Entry, words: EntryWords): string {
  const title = typeof entry.body.title === 'string' ? entry.body.title : undefined;
  const text = entryText(entry, words);
  return title && text !== title ? `${title} — ${text}` : text;
}
