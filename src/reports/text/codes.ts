/**
 * Coded clinical terms written in a sentence: ICD-10 codes (E11.9, N18.31, I10), and LOINC or
 * SNOMED CT codes when named ("LOINC 2160-0", "SNOMED 44054006"). A sentence's code must appear,
 * character for character, in a cited quote.
 */
export interface CodeMention {
  start: number;
  end: number;
  code: string;
}

const ICD10 = /\b([A-TV-Z]\d[\dAB](?:\.[\dA-Z]{1,4})?)\b/g;
const NAMED = /\b(?:LOINC|SNOMED(?: CT)?|SCT|ICD-?10(?:-CM)?)[:\s]+([A-Z]?\d[\d.-]*[\dA-Z])\b/gi;

export function findCodes(text: string): CodeMention[] {
  const found: CodeMention[] = [];
  for (const regex of [NAMED, ICD10]) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      const start = m.index + m[0].lastIndexOf(m[1]!);
      const end = start + m[1]!.length;
      if (found.some((c) => start < c.end && end > c.start)) continue;
      found.push({ start, end, code: m[1]!.toUpperCase() });
    }
  }
  return found;
}
