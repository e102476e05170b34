/**
 * The language a text is written in, told by its script: Korean by Hangul, Japanese by kana,
 * Chinese by Han characters without either, else a Latin-script language ('en' stands for all of
 * them here). Enough to choose the wording around quotes and a document's language tag; it never
 * decides what a word means.
 */
export type TextLanguage = 'zh' | 'ja' | 'ko' | 'en';

const HANGUL = /[\uac00-\ud7af\u1100-\u11ff]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;

export function textLanguage(text: string): TextLanguage {
  if (HANGUL.test(text)) return 'ko';
  if (KANA.test(text)) return 'ja';
  return HAN.test(text) ? 'zh' : 'en';
}

/**
 * Function words of languages that write decimals with a comma (French, German, Spanish, Italian,
 * Portuguese; accents folded), against English ones. Only words that are not also English
 * clinical abbreviations (le, la, die, est stay out, as in clinical-tokens.ts's stop words).
 */
const DECIMAL_COMMA_WORDS = new Set(
  (
    'les des du une et aux pour par sur avec dans sans chez pas au ' +
    'der das und ist mit nicht von bei zu im den dem ein eine seit ' +
    'los las del con para por una sin se y el ' +
    'della delle con per gli il sono dos das com uma em'
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  'the and with of is was were for to in on at an are has have had from by this that not no but'.split(' '),
);
/** Letters that English clinical text does not use: each word carrying one is a cue. */
const ACCENTED = /[àâäçéèêëîïôöùûüÿñæœß]/u;

/**
 * Whether a Latin-script text writes decimals with a comma ("Créatinine 1,9 mg/dL"): its words
 * read as French, German or Spanish more than as English, or, with no English word at all, it
 * writes a comma number that cannot be an English thousands group ("Kreatinin 1,9": one or two
 * digits after the comma). English text keeps the English reading ("1,900" is 1900).
 */
export function writesDecimalComma(text: string): boolean {
  let comma = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const folded = word.normalize('NFD').replace(/\p{M}/gu, '');
    if (ACCENTED.test(word) || DECIMAL_COMMA_WORDS.has(folded)) comma++;
    else if (ENGLISH_WORDS.has(word)) english++;
  }
  return comma > english || (english === 0 && NOT_THOUSANDS.test(text));
}

const NOT_THOUSANDS = /\d,\d{1,2}(?!\d)/;
