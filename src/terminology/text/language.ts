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
