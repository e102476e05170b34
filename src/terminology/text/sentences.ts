/**
 * Sentence boundaries for clinical text in Latin and CJK scripts: `.`, `!`, `?` (and `;` where
 * asked) followed by white space or the end, and the CJK full stop, exclamation and question
 * marks and semicolon (`。！？；`), which need no space after them. Offsets are into the text as
 * given; each span is trimmed of white space.
 */
export interface SentenceSpan {
  start: number;
  end: number;
}

export interface SentenceOptions {
  /** Latin `;` ends a sentence too (retrieval passages); default false. */
  semicolon?: boolean;
  /** A Latin boundary needs an upper-case letter, digit or "(" after the space (notes); default false. */
  capitalAfter?: boolean;
  /** A line break ends a sentence; default false. */
  lineBreak?: boolean;
}

const CJK_END = '[。！？；]';

export function sentenceSpans(text: string, from = 0, options: SentenceOptions = {}): SentenceSpan[] {
  const latin = options.semicolon ? '[.;!?]' : '[.!?]';
  const after = options.capitalAfter ? '(?=\\s+[\\p{Lu}0-9(])' : '(?=\\s|$)';
  const boundary = new RegExp(
    `${latin}${after}|${CJK_END}[”’」』)）]?${options.lineBreak ? '|\\n' : ''}`,
    'gu',
  );
  boundary.lastIndex = from;
  const spans: SentenceSpan[] = [];
  let start = from;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    push(text, start, m.index + m[0].length, spans);
    start = m.index + m[0].length;
  }
  push(text, start, text.length, spans);
  return spans;
}

function push(text: string, start: number, end: number, spans: SentenceSpan[]): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end });
}

/** Length as a reader sees it: a CJK character counts as two (a Chinese sentence is short in characters). */
export function visualLength(text: string): number {
  let length = 0;
  for (const char of text)
    length += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char) ? 2 : 1;
  return length;
}
