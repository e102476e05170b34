import { cjkBigrams, cjkWords, CJK_RUN } from './cjk.js';
import { normaliseText, originalEnd, originalStart } from './normalise.js';

/**
 * Tokens for lexical retrieval over clinical text in any script, with character offsets into the
 * ORIGINAL text (so a matched passage can be quoted). The text is normalised first (normalise.ts:
 * NFKC, lowercase, Latin diacritics folded). Then:
 * - Latin and other spaced scripts: ICD-10 codes ("i21.4"), LOINC codes ("2160-0"), decimals
 *   ("2.3") and units ("mg/dl") stay whole; hyphenated words are kept whole and also split
 *   ("nt-probnp" → nt-probnp, nt, probnp); a light English plural stemmer folds "stools"/"stool".
 * - Chinese and Japanese runs: dictionary words of two or more characters plus character bigrams
 *   (cjk.ts), so 心梗 is found whether or not the dictionary knows it.
 * Stop words (English, French, German, Spanish question and function words; Chinese particles
 * and question words) are dropped.
 */
export interface Token {
  term: string;
  start: number;
  end: number;
}

const CODES_AND_NUMBERS = [
  '[a-z]\\d{2}(?:\\.\\d{1,4})?(?![\\w])',
  '\\d{3,5}-\\d(?![\\w])',
  '\\d+(?:\\.\\d+)?(?:\\/\\d+(?:\\.\\d+)?)?',
];
/** A letter, mark or digit of a script written with spaces (not Han or kana). */
const WORD = '[[\\p{L}\\p{M}\\p{N}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]]';
const TOKEN = new RegExp(
  [...CODES_AND_NUMBERS, `${WORD}+(?:[\\-\\/\\^']${WORD}+)*`, CJK_RUN.source].join('|'),
  'gv',
);
/** The same tokens for ASCII text (most clinical text), several times faster than the Unicode classes. */
const ASCII_TOKEN = new RegExp([...CODES_AND_NUMBERS, "[a-z0-9]+(?:[-/^'][a-z0-9]+)*"].join('|'), 'g');
const CJK_START = new RegExp(`^${CJK_RUN.source}`, 'u');
/** A letter or digit outside ASCII (an en dash or a degree sign alone keeps the ASCII pattern). */
const NON_ASCII_WORD = /(?=\P{ASCII})[\p{L}\p{M}\p{N}]/u;

export const STOP_WORDS = new Set([
  ...(
    'a an and are as at be been but by did do does for from had has have he her his how i if in into is it its ' +
    'of on or our she that the their them then there these they this to was were what when which who why will ' +
    'with any about after patient pt show showed shows latest well work up taking started checked finding findings more'
  ).split(' '),
  // French, German and Spanish function words (accents already folded); not those that are also
  // English clinical abbreviations or words (le: lower extremity, la: left atrium, die, est …).
  ...'les des du une et aux pour par sur avec dans der das und ist mit los las del con para'.split(' '),
  // Chinese question and function words (single characters never become terms on their own).
  ...'情况 怎么样 怎么 怎样 如何 什么 哪些 是否 有没有 患者 病人 目前 最近 近期 一下 多少 为什么 请问 有无 结果如何'.split(
    ' ',
  ),
]);

/** Light English plural folding: "stools" → "stool", "studies" → "study"; leaves "us", "ss", "is" endings. */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term) || !/^[a-z][a-z'^/-]*$/.test(term)) return term;
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith('s') && !/(ss|us|is|as|os)$/.test(term)) return term.slice(0, -1);
  return term;
}

export function clinicalTokens(text: string): Token[] {
  const normalised = normaliseText(text);
  const mapped = normalised.starts !== undefined;
  const tokens: Token[] = [];
  let cjk = false;
  const push = (term: string, at: number) => {
    if (STOP_WORDS.has(term)) return;
    const start = mapped ? originalStart(normalised, at) : at;
    const end = mapped ? originalEnd(normalised, at + term.length - 1) : at + term.length;
    tokens.push({ term: stem(term), start, end });
  };
  const pattern = mapped && NON_ASCII_WORD.test(normalised.text) ? TOKEN : ASCII_TOKEN;
  for (const match of normalised.text.matchAll(pattern)) {
    const raw = match[0];
    const start = match.index;
    if (mapped && CJK_START.test(raw)) {
      cjk = true;
      pushCjk(raw, start, push);
      continue;
    }
    push(raw, start);
    if (/[-/^']/.test(raw) && /\p{L}/u.test(raw)) {
      let offset = 0;
      for (const part of raw.split(/[-/^']/)) {
        if (part && part !== raw) push(part, start + offset);
        offset += part.length + 1;
      }
    }
  }
  // Latin tokens come out in order; a CJK run's words and bigrams are interleaved here.
  return cjk ? tokens.sort((a, b) => a.start - b.start || b.end - a.end) : tokens;
}

/** A CJK run: its words of two or more characters, its bigrams (a word equal to a bigram once). */
function pushCjk(run: string, start: number, push: (term: string, at: number) => void): void {
  const bigrams = cjkBigrams(run);
  const atBigram = new Set(bigrams.map((b) => `${b.index}:${b.text}`));
  for (const word of cjkWords(run)) {
    const length = [...word.text].length;
    if (length >= 2 && !atBigram.has(`${word.index}:${word.text}`)) push(word.text, start + word.index);
    else if (length === 1 && [...run].length === 1) push(word.text, start + word.index);
  }
  for (const bigram of bigrams) push(bigram.text, start + bigram.index);
}

/** Just the terms. */
export const clinicalTerms = (text: string): string[] => clinicalTokens(text).map((token) => token.term);
