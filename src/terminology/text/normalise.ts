/**
 * Text normalisation for matching, in one place: NFKC (full-width digits, letters and punctuation
 * folded to ASCII, ligatures split), lowercase, diacritics removed from Latin letters ("rénale" →
 * "renale", "Hämoglobin" → "hamoglobin"), and the Latin letters that do not decompose spelled out
 * (ß → ss, æ → ae, œ → oe, ø → o, ł → l, đ → d, þ → th). Other scripts keep their marks (a
 * combining mark after a non-Latin letter is part of the word). CJK is left as it is.
 *
 * `normaliseText` also keeps, for every UTF-16 unit of the result, the range of the original text
 * it came from, so a token found in the normalised text can be quoted from the original.
 */
export interface NormalisedText {
  text: string;
  /** Original start offset of each UTF-16 unit of `text`; absent when offsets are unchanged (ASCII). */
  starts?: Int32Array;
  /** Original end offset (exclusive) of each UTF-16 unit of `text`; absent when unchanged. */
  ends?: Int32Array;
}

/** Where unit `index` of the normalised text starts in the original. */
export const originalStart = (n: NormalisedText, index: number): number => n.starts?.[index] ?? index;
/** Where unit `index` of the normalised text ends (exclusive) in the original. */
export const originalEnd = (n: NormalisedText, index: number): number => n.ends?.[index] ?? index + 1;

const NON_ASCII = /\P{ASCII}/u;

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

const MARK = /\p{M}/u;
const MARKS = /\p{M}+/gu;
const LATIN = /\p{Script=Latin}/u;

/** The normalised form of one code point; `afterLatin` says whether the last letter was Latin. */
function fold(char: string, afterLatin: boolean): string {
  const code = char.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char;
  const spelled = SPELLED_OUT[char];
  if (spelled) return spelled;
  if (MARK.test(char)) return afterLatin ? '' : char;
  const compatible = char.normalize('NFKC').toLowerCase();
  return LATIN.test(compatible) ? compatible.normalize('NFD').replace(MARKS, '') : compatible;
}

export function normaliseText(text: string): NormalisedText {
  if (!NON_ASCII.test(text)) return { text: text.toLowerCase() };
  const out: string[] = [];
  let starts: Int32Array = new Int32Array(text.length + 16);
  let ends: Int32Array = new Int32Array(text.length + 16);
  let length = 0;
  const map = (from: number, to: number, units: number) => {
    if (length + units > starts.length) [starts, ends] = [grow(starts, units), grow(ends, units)];
    for (let i = 0; i < units; i++, length++) [starts[length], ends[length]] = [from, to];
  };
  let afterLatin = false;
  for (let offset = 0; offset < text.length;) {
    // ASCII and CJK ideographs, in runs: NFKC leaves them alone, only ASCII letters are lowered.
    SIMPLE_RUN.lastIndex = offset;
    const run = SIMPLE_RUN.exec(text);
    if (run) {
      out.push(run[0].toLowerCase());
      for (let i = 0; i < run[0].length; i++) map(offset + i, offset + i + 1, 1);
      afterLatin = /[a-z]/i.test(run[0][run[0].length - 1]!);
      offset += run[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(offset)!);
    const folded = fold(char, afterLatin);
    if (!MARK.test(char)) afterLatin = LATIN.test(char);
    map(offset, offset + char.length, folded.length);
    out.push(folded);
    offset += char.length;
  }
  return { text: out.join(''), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

/** ASCII (U+0000–007F) or CJK Unified Ideographs (U+4E00–9FFF). */
const SIMPLE_RUN = /[^\u0080-\u4dff\ua000-\uffff]+/y;

function grow(array: Int32Array, more: number): Int32Array {
  const bigger = new Int32Array((array.length + more) * 2);
  bigger.set(array);
  return bigger;
}

/** Just the normalised string (for terms, questions and lexicon entries). */
export function normaliseTerm(text: string): string {
  return normaliseText(text).text;
}

/**
 * Full-width ASCII forms (U+FF01–FF5E) and the ideographic space folded to ASCII, one unit for
 * one unit, so offsets stay valid: for the number, unit and date readers, which must see
 * "８.９％" as "8.9%" but keep "µ" and "²" as written.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (char) =>
    char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0),
  );
}
