import { dateMatches } from '../text/dates.js';
import { sameNumber } from '../text/quantities.js';
import type { Unsupported } from '../report.types.js';
import type { TextFacts } from './evidence-facts.js';

/**
 * The exact checks: every date, code, number (with its unit) and drug the sentence writes must be
 * found in the cited evidence. Returns the first failure, or undefined.
 */
export function checkFacts(
  sentence: TextFacts,
  evidence: TextFacts,
  evidenceDates: string[],
): Unsupported | undefined {
  for (const date of sentence.dates) {
    if (!dateMatches(date as never, evidenceDates))
      return { code: 'date', reason: 'a date in the sentence is not in the cited entries' };
  }
  for (const code of sentence.codes) {
    if (!evidence.codes.has(code))
      return { code: 'code', reason: 'a coded term in the sentence is not in the cited quotes' };
  }
  const years = new Set(evidenceDates.map((d) => Number(d.slice(0, 4))));
  for (const quantity of sentence.quantities) {
    const same = evidence.quantities.filter((q) => sameNumber(q.value, quantity.value));
    if (!same.length) {
      if (!quantity.unit && years.has(quantity.value)) continue;
      return { code: 'number', reason: 'a number in the sentence is not in the cited quotes' };
    }
    if (!quantity.unit) continue;
    if (same.some((q) => q.unit === quantity.unit)) continue;
    if (same.some((q) => !q.unit) && evidence.units.has(quantity.unit)) continue;
    return { code: 'unit', reason: 'a value in the sentence has a different unit in the cited quotes' };
  }
  for (const drug of sentence.drugs) {
    if (!evidence.drugs.has(drug))
      return { code: 'drug', reason: 'a drug named in the sentence is not in the cited quotes' };
  }
  return undefined;
}

/**
 * Negation consistency: a term the sentence negates must be negated in the evidence, and a term
 * it affirms must not appear only negated there ("denies chest pain" never supports "chest pain").
 */
export function checkNegation(sentence: TextFacts, evidence: TextFacts): Unsupported | undefined {
  const s = sentence.words;
  const e = evidence.words;
  for (const { term } of s.tokens) {
    const negatedHere = s.negated.has(term) && !s.affirmed.has(term);
    // "The ECG showed no changes" affirms "ECG" only grammatically: its clause is negative.
    const affirmedHere = s.affirmed.has(term) && !s.negated.has(term) && !inCueClause(s, term);
    const inEvidence = e.negated.has(term) || e.affirmed.has(term);
    if (!inEvidence) continue;
    if (negatedHere && !e.negated.has(term) && !inCueClause(e, term))
      return { code: 'negation', reason: 'the sentence negates a finding the cited quote affirms' };
    if (affirmedHere && !e.affirmed.has(term))
      return { code: 'negation', reason: 'the sentence affirms a finding the cited quote negates' };
  }
  return undefined;
}

function inCueClause(text: TextFacts['words'], term: string): boolean {
  return text.tokens.some((t) => t.term === term && text.cueClauses.has(t.clause));
}

/** Relative change below which a series counts as stable (shared with the generator). */
export const STABLE_TOLERANCE = 0.05;

const UP =
  /\b(rose|rise|rising|risen|increased|increasing|climbed|climbing|went up|trending up|upward)\b|升高|上升|增高|增加|升至/i;
const DOWN =
  /\b(fell|falling|fallen|decreased|decreasing|declined|declining|dropped|dropping|went down|trending down|downward)\b|下降|降低|减少|降至|回落/i;
const STABLE = /\b(stable|unchanged|steady)\b|稳定|持平|无明显变化|无变化/i;

export type Direction = 'up' | 'down' | 'stable';

export function directionOf(first: number, last: number): Direction {
  const change = last - first;
  if (Math.abs(change) <= STABLE_TOLERANCE * Math.max(Math.abs(first), 1e-9)) return 'stable';
  return change > 0 ? 'up' : 'down';
}

/**
 * Trend words must agree with the numbers: `series` are the sentence's values in chronological
 * order (by the date of the entry each was cited from).
 */
export function checkTrend(text: string, series: number[]): Unsupported | undefined {
  const claimed: Direction | undefined = UP.test(text)
    ? 'up'
    : DOWN.test(text)
      ? 'down'
      : STABLE.test(text)
        ? 'stable'
        : undefined;
  if (!claimed || series.length < 2) return undefined;
  const actual = directionOf(series[0]!, series[series.length - 1]!);
  if (actual === claimed) return undefined;
  return {
    code: 'trend',
    reason: `the sentence says the values went ${claimed}, the cited values went ${actual}`,
  };
}
