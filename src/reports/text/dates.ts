import { chineseNumber } from '../../terminology/text/chinese-numerals.js';

/**
 * Dates in clinical text, normalised to `YYYY-MM-DD` (or `YYYY-MM` when only month and year are
 * written). Slash dates are ambiguous (US M/D/Y vs D/M/Y): both readings are kept as candidates.
 * Chinese dates (`2026年1月20日`, `2026年1月`, and with Chinese numerals `二〇二六年一月二十日`)
 * are read too. Full-width digits are expected folded (foldWidth) by the caller.
 */
export interface DateMention {
  start: number;
  end: number;
  /** Every normalised reading; `YYYY-MM-DD` or `YYYY-MM`. */
  values: string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY_SUFFIX = '(?:st|nd|rd|th)?';

const ZH_DIGITS = '[〇零一二三四五六七八九十两]';

const PATTERNS: { regex: RegExp; read: (m: RegExpExecArray) => string[] }[] = [
  {
    regex: /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/g,
    read: (m) => [m[3] ? ymd(m[1]!, m[2]!, m[3]) : `${m[1]}-${pad(m[2]!)}`],
  },
  {
    regex: new RegExp(`(${ZH_DIGITS}{4})年(${ZH_DIGITS}{1,2})月(?:(${ZH_DIGITS}{1,3})[日号])?`, 'g'),
    read: (m) => {
      const [year, month, day] = [
        chineseNumber(m[1]!, true),
        chineseNumber(m[2]!),
        m[3] && chineseNumber(m[3]),
      ];
      if (year === undefined || month === undefined || day === undefined) return [];
      return [day ? ymd(String(year), String(month), String(day)) : `${year}-${pad(String(month))}`];
    },
  },
  { regex: /\b(\d{4})-(\d{1,2})-(\d{1,2})(?:T[\d:.]+Z?)?\b/g, read: (m) => [ymd(m[1]!, m[2]!, m[3]!)] },
  {
    regex: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g,
    read: (m) => unique([ymd(m[3]!, m[1]!, m[2]!), ymd(m[3]!, m[2]!, m[1]!)]),
  },
  {
    regex: new RegExp(`\\b(\\d{1,2})${DAY_SUFFIX}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => [ymd(m[3]!, month(m[2]!), m[1]!)],
  },
  {
    regex: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})${DAY_SUFFIX},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => [ymd(m[3]!, month(m[1]!), m[2]!)],
  },
  { regex: new RegExp(`\\b${MONTH},?\\s+(\\d{4})\\b`, 'gi'), read: (m) => [`${m[2]}-${pad(month(m[1]!))}`] },
  { regex: /\b(\d{4})-(\d{2})\b(?!-)/g, read: (m) => (Number(m[2]) <= 12 ? [`${m[1]}-${m[2]}`] : []) },
];

/** All dates in `text`, non-overlapping, earlier patterns (more specific) winning. */
export function findDates(text: string): DateMention[] {
  const found: DateMention[] = [];
  for (const { regex, read } of PATTERNS) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((d) => start < d.end && end > d.start)) continue;
      const values = read(m).filter(valid);
      if (values.length) found.push({ start, end, values });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Does a date written in a sentence match one in the evidence? A month matches any day in it. */
export function dateMatches(sentence: DateMention, evidence: readonly string[]): boolean {
  return sentence.values.some((value) =>
    evidence.some((other) => other === value || (value.length === 7 && other.startsWith(value))),
  );
}

function month(name: string): string {
  return String(MONTHS.indexOf(name.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1);
}

function ymd(year: string, monthNumber: string, day: string): string {
  return `${year}-${pad(monthNumber)}-${pad(day)}`;
}

function pad(value: string): string {
  return value.padStart(2, '0');
}

function valid(value: string): boolean {
  const [, m, d] = value.split('-').map(Number);
  if (!m || m < 1 || m > 12) return false;
  return d === undefined || (d >= 1 && d <= 31);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
