/**
 * Chinese and Japanese text has no spaces between words. A run of CJK characters is split into
 * words with `Intl.Segmenter` (ICU's dictionary; Node ships full ICU) and, for recall where the
 * dictionary does not know a clinical word (it splits 心梗 into 心|梗 and 肌酐 into 肌|酐), into
 * overlapping character bigrams. Adjacent single-character segments are joined back into one word
 * ("肿|胀" → 肿胀), except at function characters and negation cues.
 */
export const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005]+/gu;
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HIRAGANA = /\p{Script=Hiragana}/u;

/**
 * Characters that carry grammar, not content: never part of a joined word or a bigram. (Particles
 * and question words of Chinese; hiragana in Japanese text is treated the same way.)
 */
export const FUNCTION_CHARS = new Set([
  ...'的了和与及或吗呢吧啊是在为也都就而被把将对于其之得这那么请问个较',
]);

/** Negation cues: kept as their own words (the verifier's negation scope starts there). */
export const NEGATION_CUES = ['否认', '未见', '未发现', '没有', '无', '未', '不', '排除'];
const NEGATION_CHARS = new Set(['无', '未', '不', '没', '否']);

const segmenters = {
  zh: new Intl.Segmenter('zh', { granularity: 'word' }),
  ja: new Intl.Segmenter('ja', { granularity: 'word' }),
};

export interface CjkPiece {
  text: string;
  /** Offset within the run (UTF-16 units). */
  index: number;
}

/** Dictionary words of one CJK run, single characters joined, function characters alone. */
export function cjkWords(run: string): CjkPiece[] {
  const segmenter = KANA.test(run) ? segmenters.ja : segmenters.zh;
  const words: CjkPiece[] = [];
  let pending: CjkPiece | undefined;
  const flush = () => {
    if (pending) words.push(pending);
    pending = undefined;
  };
  for (const { segment, index } of segmenter.segment(run)) {
    const single = [...segment].length === 1;
    const breaks = FUNCTION_CHARS.has(segment) || NEGATION_CHARS.has(segment) || HIRAGANA.test(segment);
    if (single && !breaks) {
      pending = pending ? { text: pending.text + segment, index: pending.index } : { text: segment, index };
      continue;
    }
    flush();
    words.push({ text: segment, index });
  }
  flush();
  return words;
}

/** Overlapping character bigrams of a run, skipping any with a function character or hiragana. */
export function cjkBigrams(run: string): CjkPiece[] {
  const chars = [...run];
  const bigrams: CjkPiece[] = [];
  let index = 0;
  for (let i = 0; i + 1 < chars.length; i++) {
    const [a, b] = [chars[i]!, chars[i + 1]!];
    if (!usable(a) || !usable(b)) {
      index += a.length;
      continue;
    }
    bigrams.push({ text: a + b, index });
    index += a.length;
  }
  return bigrams;
}

function usable(char: string): boolean {
  return !FUNCTION_CHARS.has(char) && !NEGATION_CHARS.has(char) && !HIRAGANA.test(char);
}
