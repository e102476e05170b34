import type { ReportSentence } from '../report.types.js';
import {
  citeWhole,
  contentOf,
  type ClinicalEntries,
  entryName,
  isInactive,
  sentence,
} from './clinical-entries.js';
import type { DraftWording } from './draft-wording.js';

const MAX_PROBLEMS = 15;
const MAX_MEDICATIONS = 20;

/** Relevant history: problems with onset and status, active first, each citing its entry. */
export function historySentences(record: ClinicalEntries, wording: DraftWording): ReportSentence[] {
  const seen = new Set<string>();
  return [...record.problems]
    .sort((a, b) => Number(isInactive(a)) - Number(isInactive(b)))
    .filter((entry) => once(seen, entryName(entry)))
    .slice(0, MAX_PROBLEMS)
    .map((entry) => sentence(wording.problem(contentOf(entry), entry.date), citeWhole(entry)));
}

/** Current medications: the latest entry per drug, unless it is stopped. */
export function medicationSentences(record: ClinicalEntries, wording: DraftWording): ReportSentence[] {
  const seen = new Set<string>();
  return record.medications
    .filter((entry) => once(seen, entryName(entry)))
    .filter((entry) => !isInactive(entry))
    .slice(0, MAX_MEDICATIONS)
    .map((entry) => sentence(wording.medication(contentOf(entry), entry.date), citeWhole(entry)));
}

export function allergySentences(record: ClinicalEntries, wording: DraftWording): ReportSentence[] {
  const seen = new Set<string>();
  return record.allergies
    .filter((entry) => once(seen, entryName(entry)))
    .map((entry) => sentence(wording.allergy(contentOf(entry), entry.date), citeWhole(entry)));
}

function once(seen: Set<string>, key: string): boolean {
  const lower = key.toLowerCase();
  if (seen.has(lower)) return false;
  seen.add(lower);
  return true;
}
