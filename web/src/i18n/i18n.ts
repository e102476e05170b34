import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';
import { LANGUAGES, languageOf, type Language } from './locale';

export { formatLocale, LANGUAGES, languageOf, type Language } from './locale';

/** The one thing the client keeps in browser storage: the chosen language (no PHI, no token). */
export const LANGUAGE_STORAGE_KEY = 'anamnesis.language';

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
