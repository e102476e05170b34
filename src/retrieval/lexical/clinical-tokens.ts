/**
 * Tokens for lexical retrieval over clinical text, with character offsets into the original text
 * (so a matched passage can be quoted). Lowercased; ICD-10 codes ("i21.4"), LOINC codes
 * ("2160-0"), decimals ("2.3") and units ("mg/dl", "x10^9/l") stay whole; hyphenated words are
 * kept whole and also split ("nt-probnp" → nt-probnp, nt, probnp); a light plural stemmer folds
 * "stools"/"stool"; stop words are dropped.
 */
export interface Token {
  term: string;
  start: number;
  end: number;
}

const TOKEN =
  /[a-z]\d{2}(?:\.\d{1,4})?(?![\w])|\d{3,5}-\d(?![\w])|\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)?|[a-z0-9]+(?:[-/^'][a-z0-9]+)*/g;

export const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by did do does for from had has have he her his how i if in into is it its ' +
    'of on or our she that the their them then there these they this to was were what when which who why will ' +
    'with any about after patient pt show showed shows latest well work up taking started checked finding findings more'
  ).split(' '),
);

/** Light plural folding: "stools" → "stool", "studies" → "study"; leaves "us", "ss", "is" endings. */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith('s') && !/(ss|us|is|as|os)$/.test(term)) return term.slice(0, -1);
  return term;
}

export function clinicalTokens(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  for (const match of lower.matchAll(TOKEN)) {
    const raw = match[0];
    const start = match.index;
    const push = (term: string, offset: number) => {
      if (STOP_WORDS.has(term)) return;
      tokens.push({ term: stem(term), start: start + offset, end: start + offset + term.length });
    };
    push(raw, 0);
    if (/[-/^']/.test(raw) && /[a-z]/.test(raw)) {
      let offset = 0;
      for (const part of raw.split(/[-/^']/)) {
        if (part && part !== raw) push(part, offset);
        offset += part.length + 1;
      }
    }
  }
  return tokens;
}

/** Just the terms. */
export const clinicalTerms = (text: string): string[] => clinicalTokens(text).map((token) => token.term);
