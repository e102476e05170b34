import { writesDecimalComma } from '../../terminology/text/language.js';

/**
 * Numbers and their units in clinical text. Units are normalised (case, µ/mc, spacing, synonyms,
 * Chinese unit names) so "1.40 mg/dl", "1.4 mg/dL" and "1.4毫克/dL" are the same fact, and
 * "1.4 mmol/L" is a different one; "3天" is "3 days". In text written with decimal commas
 * (French, German, Spanish: terminology/text/language.ts) "1,9 mg/dL" is 1.9 mg/dL; elsewhere a
 * comma before three digits groups thousands ("1,900" is 1900). Either way "1, 2" is a list.
 */
export interface Quantity {
  start: number;
  end: number;
  value: number;
  /** Normalised unit, or undefined when the number stands alone. */
  unit?: string;
}

const UNITS = [
  'mL/min/1.73 ?m(?:2|²)',
  'x ?10\\^?9/L',
  '10\\^?9/L',
  'x ?10\\^?12/L',
  'mL/min',
  'mL/h',
  'mg/kg',
  'kPa',
  'nmol/L',
  'pmol/L',
  'fL',
  'ng/dL',
  'mcg/L',
  'µg/L',
  'ug/L',
  'lbs?',
  'mg/dL',
  'mg/L',
  'g/dL',
  'g/L',
  'mmol/mol',
  'mmol/L',
  'µmol/L',
  'umol/L',
  'mcmol/L',
  'mEq/L',
  'mIU/L',
  'µIU/mL',
  'uIU/mL',
  'IU/L',
  'U/L',
  'ng/mL',
  'ng/L',
  'pg/mL',
  'mm ?Hg',
  'mcg',
  'µg',
  'ug',
  'mg',
  'kg',
  'g',
  'mL',
  'L',
  'bpm',
  '/min',
  'breaths/min',
  '%',
  '°C',
  '°F',
  'cm',
  'mm',
  'units?',
  'IU',
  'puffs?',
  'tablets?',
  'hours?',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'pack-years?',
  's',
  'sec',
  // Chinese units as clinical notes write them.
  '次/分',
  '毫克',
  '毫升',
  '克',
  '小时',
  '天',
  '周',
  '个月',
  '岁',
  '片',
  '单位',
];
const UNIT_PATTERN = UNITS.join('|');
const quantityPattern = (number: string) =>
  new RegExp(`(?<![\\w.^])(${number})(?:\\s?(${UNIT_PATTERN})(?![\\w/]))?`, 'gi');
const THOUSANDS = quantityPattern('\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?|\\.\\d+');
/** A comma between digits, not inside a run of them ("1,2,3"), is the decimal mark. */
const DECIMAL_COMMA = quantityPattern('(?<!\\d,)\\d+,\\d+(?![,\\d])|\\d+(?:\\.\\d+)?|\\.\\d+');

const UNIT_SYNONYMS: Record<string, string> = {
  µg: 'mcg',
  ug: 'mcg',
  'µmol/l': 'umol/l',
  'mcmol/l': 'umol/l',
  'µiu/ml': 'miu/l',
  'uiu/ml': 'miu/l',
  'iu/l': 'u/l',
  units: 'u',
  unit: 'u',
  iu: 'u',
  mmhg: 'mmhg',
  'x10^9/l': '10^9/l',
  'x109/l': '10^9/l',
  '109/l': '10^9/l',
  'x10^12/l': '10^12/l',
  'x1012/l': '10^12/l',
  '/min': 'bpm',
  'breaths/min': 'bpm',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
  year: 'years',
  puff: 'puffs',
  tablet: 'tablets',
  'pack-year': 'pack-years',
  sec: 's',
  'ml/min/1.73m²': 'ml/min/1.73m2',
  '次/分': 'bpm',
  毫克: 'mg',
  毫升: 'ml',
  克: 'g',
  小时: 'hours',
  天: 'days',
  周: 'weeks',
  个月: 'months',
  岁: 'years',
  片: 'tablets',
  单位: 'u',
};

export function normaliseUnit(unit: string): string {
  const key = unit.toLowerCase().replace(/\s+/g, '');
  return UNIT_SYNONYMS[key] ?? key;
}

/**
 * Numbers in `text`, skipping the character ranges in `skip` (dates and codes found first). The
 * decimal mark is the text's own (`decimalComma` overrides the guess from its words).
 */
export function findQuantities(
  text: string,
  skip: readonly { start: number; end: number }[] = [],
  decimalComma = writesDecimalComma(text),
): Quantity[] {
  const found: Quantity[] = [];
  const pattern = decimalComma ? DECIMAL_COMMA : THOUSANDS;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (skip.some((s) => start < s.end && end > s.start)) continue;
    const value = Number(decimalComma ? m[1]!.replace(',', '.') : m[1]!.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    found.push({ start, end, value, unit: m[2] ? normaliseUnit(m[2]) : undefined });
  }
  return found;
}

export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
