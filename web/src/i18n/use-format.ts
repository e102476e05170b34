import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatTime,
  zoneLabel,
  type ZoneOption,
} from '../ui/dates';
import { formatLocale, languageOf } from './i18n';

type Instant = string | number | Date;

/** Dates and numbers in the chosen language's locale (web/src/ui/dates.ts does the work). */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = languageOf(i18n.resolvedLanguage);
  return useMemo(() => {
    const locale = formatLocale(language);
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    return {
      locale,
      calendarDate: (value: string) => formatCalendarDate(value, locale),
      date: (value: Instant, zone?: ZoneOption) => formatDate(value, locale, zone),
      time: (value: Instant, named = false) => formatTime(value, locale, { named }),
      dateTime: (value: Instant, zone?: ZoneOption) => formatDateTime(value, locale, zone),
      zone: () => zoneLabel(locale),
      number: (value: number) => numbers.format(value),
    };
  }, [language]);
}
