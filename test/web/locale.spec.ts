import { formatLocale, languageOf } from '../../web/src/i18n/locale.js';

/** web/src/i18n/locale.ts: the catalogue language and the Intl locale dates and numbers use. */
describe('web locale: language and formatting locale', () => {
  it('reads i18next language codes as one of the two catalogues, English by default', () => {
    expect(['zh', 'en', undefined, 'fr'].map(languageOf)).toEqual(['zh', 'en', 'en', 'en']);
  });

  it('formats in the first browser locale of the chosen language, else that language’s default', () => {
    expect(formatLocale('en', ['en-US', 'en-GB'])).toBe('en-US');
    expect(formatLocale('en', ['zh-CN', 'en-AU'])).toBe('en-AU');
    expect(formatLocale('en', ['zh-CN'])).toBe('en-GB');
    expect(formatLocale('zh', ['en-GB', 'zh-TW'])).toBe('zh-TW');
    expect(formatLocale('zh', ['en-US'])).toBe('zh-CN');
    expect(formatLocale('en', ['en_US', 'en-GB'])).toBe('en-GB'); // a malformed tag is skipped
  });
});
