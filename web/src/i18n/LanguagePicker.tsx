import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES, languageOf, type Language } from './i18n';

/** Switches the client's language; the choice is kept in localStorage for the next visit. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-picker">
      <label htmlFor={id} className="visually-hidden">
        {t('app.language')}
      </label>
      <select
        id={id}
        value={languageOf(i18n.resolvedLanguage)}
        onChange={(event) => chooseLanguage(event.target.value as Language)}
      >
        {(Object.keys(LANGUAGES) as Language[]).map((language) => (
          <option key={language} value={language} lang={LANGUAGES[language].htmlLang}>
            {LANGUAGES[language].name}
          </option>
        ))}
      </select>
    </div>
  );
}
