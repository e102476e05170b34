import { CJK_CHAR } from '../../terminology/text/cjk.js';
import { contentStart, type EvidenceEntry } from '../evidence/evidence-entry.js';
import type { Citation, ReportSentence } from '../report.types.js';
import type { Span } from './note-sentences.js';

/** The patient's entries sorted into what each report section draws on (newest first). */
export interface ClinicalEntries {
  notes: EvidenceEntry[];
  observations: Observation[];
  medications: EvidenceEntry[];
  allergies: EvidenceEntry[];
  problems: EvidenceEntry[];
}

export interface Observation {
  entry: EvidenceEntry;
  /** Lower-cased display name: the series key. */
  key: string;
  name: string;
  value?: number;
  unit?: string;
  abnormal: boolean;
}

const OBSERVATION_KINDS = new Set(['observation', 'lab', 'vital']);
const PROBLEM_KINDS = new Set(['problem', 'condition', 'diagnosis']);
const INACTIVE = /\b(resolved|inactive|refuted|entered-in-error|stopped|discontinued|completed|cancelled)\b/i;

export function sortEntries(entries: readonly EvidenceEntry[]): ClinicalEntries {
  const sorted = [...entries].sort((a, b) => b.time - a.time || a.id.localeCompare(b.id));
  const sorted_ = {
    notes: [],
    observations: [],
    medications: [],
    allergies: [],
    problems: [],
  } as ClinicalEntries;
  for (const entry of sorted) {
    if (entry.kind === 'note' || entry.kind === 'document' || entry.kind === 'imaging')
      sorted_.notes.push(entry);
    else if (OBSERVATION_KINDS.has(entry.kind)) sorted_.observations.push(observation(entry));
    else if (entry.kind === 'medication') sorted_.medications.push(entry);
    else if (entry.kind === 'allergy') sorted_.allergies.push(entry);
    else if (PROBLEM_KINDS.has(entry.kind)) sorted_.problems.push(entry);
  }
  return sorted_;
}

export function isInactive(entry: EvidenceEntry): boolean {
  const body = entry.body as Record<string, unknown>;
  const status = `${body.status ?? ''} ${body.clinicalStatus ?? ''}`;
  return INACTIVE.test(status);
}

/** The entry's display name (text after the header, up to the first comma, bracket or value). */
export function entryName(entry: EvidenceEntry): string {
  const body = entry.body as Record<string, unknown>;
  const code = body.code as Record<string, unknown> | undefined;
  const name =
    body.name ??
    body.display ??
    body.substance ??
    body.test ??
    (typeof code === 'object' ? code?.display : undefined) ??
    (entry.kind === 'observation' && typeof code === 'string' ? code : undefined);
  return typeof name === 'string' && name.trim()
    ? name.trim().replace(/\s+/g, ' ')
    : entry.text.slice(contentStart(entry));
}

function observation(entry: EvidenceEntry): Observation {
  const body = entry.body as Record<string, unknown>;
  const quantity = body.valueQuantity as Record<string, unknown> | undefined;
  const raw = body.value ?? quantity?.value;
  const name = entryName(entry).replace(/\s*:.*$/, '');
  const flag = String(body.interpretation ?? body.abnormalFlag ?? body.flag ?? '');
  return {
    entry,
    key: name.toLowerCase(),
    name,
    value: typeof raw === 'number' ? raw : undefined,
    unit:
      typeof body.unit === 'string'
        ? body.unit
        : typeof quantity?.unit === 'string'
          ? quantity.unit
          : undefined,
    abnormal: /^(h|hh|l|ll|a|aa|high|low|abnormal|critical)$/i.test(flag.trim()),
  };
}

/** The entry's content (what follows `YYYY-MM-DD Kind: `). */
export function contentOf(entry: EvidenceEntry): string {
  return entry.text.slice(contentStart(entry));
}

export function citeWhole(entry: EvidenceEntry): Citation {
  return { entryId: entry.id, quote: entry.text, start: 0, end: entry.text.length };
}

export function citeSpan(span: Span): Citation {
  return { entryId: span.entry.id, quote: span.text, start: span.start, end: span.end };
}

/** A report sentence, ended with a full stop unless it already ends with one (Latin or CJK). */
export function sentence(text: string, ...citations: Citation[]): ReportSentence {
  const trimmed = text.trim();
  if (/[.!?。！？]$/.test(trimmed)) return { text: trimmed, citations };
  return { text: CJK_CHAR.test(trimmed.slice(-1)) ? `${trimmed}。` : `${trimmed}.`, citations };
}
