import type { MemoryTrace } from './trace/memory-trace.js';

/** The shapes of a draft report (`POST /patients/:id/reports`). */
export interface Citation {
  entryId: string;
  /** Exactly `renderEvidenceText(entry).slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
}

export type UnsupportedCode =
  | 'uncited'
  | 'forged-citation'
  | 'quote-mismatch'
  | 'number'
  | 'unit'
  | 'date'
  | 'drug'
  | 'code'
  | 'negation'
  | 'qualifier'
  | 'trend'
  | 'low-support';

export interface Unsupported {
  code: UnsupportedCode;
  /** Why, in words, without clinical content. */
  reason: string;
}

export interface ReportSentence {
  text: string;
  citations: Citation[];
  /** Set by the citation verifier: this sentence is not shown as fact. */
  unsupported?: Unsupported;
}

export interface ReportSection {
  key: SectionKey;
  title: string;
  sentences: ReportSentence[];
  /**
   * What the record does not contain ("No allergies are documented in the available entries.").
   * Statements about absence, made by the generator, never clinical claims; never cited.
   */
  notices: string[];
}

export type SectionKey =
  | 'answer'
  | 'presenting'
  | 'history'
  | 'medications'
  | 'allergies'
  | 'results'
  | 'assessments'
  | 'diagnoses'
  | 'gaps'
  | 'other';

export const SECTION_TITLES: Record<SectionKey, string> = {
  answer: 'Answer',
  presenting: 'Presenting question',
  history: 'Relevant history',
  medications: 'Current medications',
  allergies: 'Allergies',
  results: 'Key results and trends',
  assessments: 'Prior assessments',
  diagnoses: 'Documented diagnoses and supporting findings',
  gaps: 'Open questions / gaps',
  other: 'Other statements',
};

export type GeneratorKind = 'extractive' | 'llm';

export interface ReportDraft {
  question: string;
  generator: GeneratorKind;
  sections: ReportSection[];
  /** When the LLM generator was asked for but the extractive draft was used instead: why. */
  fallbackReason?: string;
  /** What the memory contributed (set by ReportDrafter after verification). */
  trace?: MemoryTrace;
}
