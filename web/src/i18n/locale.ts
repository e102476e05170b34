// Which language and which Intl locale; no i18next here, so the rules run (and are tested) anywhere.

/** The client's languages: the catalogue, the `<html lang>` and the Intl locale used when the browser names none. */
export const LANGUAGES = {
  en: { name: 'English', htmlLang: 'en', locale: 'en-GB' },
  zh: { name: '中文（简体）', htmlLang: 'zh-CN', locale: 'zh-CN' },
} as const;
export type Language = keyof typeof LANGUAGES;

export const languageOf = (code: string | undefined): Language => (code === 'zh' ? 'zh' : 'en');

/**
 * The Intl locale for dates and numbers: the first browser language of the chosen catalogue language
 * (an en-US browser gets "Mar 14, 1951", en-GB "14 Mar 1951"), else the language's default.
 */
export function formatLocale(language: Language, preferred: readonly string[] = navigator.languages): string {
  const supported = (tag: string) => {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0;
    } catch {
      return false; // not a well-formed language tag
    }
  };
  const match = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language && supported(tag));
  return match ?? LANGUAGES[language].locale;
}
