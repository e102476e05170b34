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
  /** Original start offset of each UTF-16 unit of `text`. */
  starts: Int32Array;
  /** Original end offset (exclusive) of each UTF-16 unit of `text`. */
  ends: Int32Array;
}

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
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let afterLatin = false;
  let offset = 0;
  for (const char of text) {
    const folded = fold(char, afterLatin);
    if (!MARK.test(char)) afterLatin = LATIN.test(char);
    for (let i = 0; i < folded.length; i++) {
      starts.push(offset);
      ends.push(offset + char.length);
    }
    out += folded;
    offset += char.length;
  }
  return { text: out, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Just the normalised string (for terms, questions and lexicon entries). */
export function normaliseTerm(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  return ascii ? text.toLowerCase() : normaliseText(text).text;
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
