import { readFileSync } from 'node:fs';
import { toEvidence, type EvidenceEntry } from '../../src/reports/evidence/evidence-entry.js';
import type { Citation } from '../../src/reports/report.types.js';

/** The labelled evaluation set (test/fixtures/reports/eval-set.json), resolved into evidence. */
export type Label =
  | 'supported'
  | 'wrong-number'
  | 'wrong-unit'
  | 'wrong-date'
  | 'wrong-drug'
  | 'negation-flipped'
  | 'other-patient'
  | 'unsupported-claim';

export interface EvalPatient {
  id: string;
  scenario: string;
  question: string;
  requiredFacts: string[];
  entries: EvidenceEntry[];
}

export interface EvalSentence {
  id: string;
  patientId: string;
  label: Label;
  text: string;
  citations: Citation[];
}

interface RawSet {
  patients: (Omit<EvalPatient, 'entries'> & {
    entries: { id: string; kind: string; occurredAt: string; body: unknown }[];
  })[];
  sentences: { id: string; patientId: string; label: Label; text: string; cite: [string, string?][] }[];
}

export function loadEvalSet(): { patients: EvalPatient[]; sentences: EvalSentence[] } {
  const raw = JSON.parse(
    readFileSync(new URL('../fixtures/reports/eval-set.json', import.meta.url), 'utf8'),
  ) as RawSet;
  const patients = raw.patients.map((p) => ({ ...p, entries: p.entries.map(toEvidence) }));
  const byId = new Map(patients.flatMap((p) => p.entries.map((e) => [e.id, e] as const)));
  const sentences = raw.sentences.map(({ cite, ...sentence }) => ({
    ...sentence,
    citations: cite.map(([entryId, quote]) => {
      const entry = byId.get(entryId);
      if (!entry) throw new Error(`eval set: unknown entry ${entryId}`);
      const text = quote ?? entry.text;
      const start = entry.text.indexOf(text);
      if (start < 0) throw new Error(`eval set: quote not in ${entryId}: ${text}`);
      return { entryId, quote: text, start, end: start + text.length };
    }),
  }));
  return { patients, sentences };
}

/** Odd-numbered patients calibrate the verifier's threshold; even-numbered ones are held out. */
export function isCalibration(patientId: string): boolean {
  return Number(patientId.slice(1)) % 2 === 1;
}
