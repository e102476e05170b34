import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

/** The client's languages: the catalogue, the `<html lang>` and the Intl locale used when the browser names none. */
export const LANGUAGES = {
  en: { name: 'English', htmlLang: 'en', locale: 'en-GB' },
  zh: { name: '中文（简体）', htmlLang: 'zh-CN', locale: 'zh-CN' },
} as const;
export type Language = keyof typeof LANGUAGES;

/** The one thing the client keeps in browser storage: the chosen language (no PHI, no token). */
export const LANGUAGE_STORAGE_KEY = 'anamnesis.language';

export const languageOf = (code: string | undefined): Language => (code === 'zh' ? 'zh' : 'en');

/**
 * The Intl locale for dates and numbers: the first browser language of the chosen catalogue language
 * (an en-US browser gets "Mar 14, 1951", en-GB "14 Mar 1951"), else the language's default.
 */
export function formatLocale(language: Language, preferred: readonly string[] = navigator.languages): string {
  const match = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language);
  if (match && Intl.DateTimeFormat.supportedLocalesOf(match).length > 0) return match;
  return LANGUAGES[language].locale;
}

const syncHtmlLang = () => {
  document.documentElement.lang = LANGUAGES[languageOf(i18n.resolvedLanguage)].htmlLang;
};
i18n.on('languageChanged', syncHtmlLang);

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    supportedLngs: ['en', 'zh'],
    nonExplicitSupportedLngs: true, // zh-CN, zh-Hans, en-US … pick their language's catalogue
    load: 'languageOnly',
    fallbackLng: 'en',
    initAsync: false, // resources are bundled: the first render is already translated
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: [], // only a choice made in the UI is kept (chooseLanguage), not the browser's default
    },
  });
syncHtmlLang();

/** The user's choice from the language picker: applied now and kept for the next visit. */
export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage refused (private mode, policy): the choice still holds for this page.
  }
  void i18n.changeLanguage(language);
}

export { i18n };
