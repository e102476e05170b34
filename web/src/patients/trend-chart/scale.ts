/** Pure geometry of a lab-trend chart: value ticks, the reference band, flags and periods. */

export type Flag = 'L' | 'H' | 'LL' | 'HH' | 'A' | 'AA';
const FLAGS: readonly string[] = ['L', 'H', 'LL', 'HH', 'A', 'AA'];

export interface ValueScale {
  /** Axis floor and ceiling, both ticks. */
  min: number;
  max: number;
  ticks: number[];
}

/** A "nice" step (1, 2, 2.5 or 5 × 10^n) giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** Ticks covering every value (results and reference limits), floor and ceiling on a tick. */
export function valueScale(values: number[], count = 4): ValueScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const step = niceStep(hi - lo, count);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals so 0.1 + 0.2 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { min, max: ticks[ticks.length - 1]!, ticks };
}

/**
 * What the value axis must cover: every result and limit, and for a one-sided range some room on
 * the open side (a quarter of the span, not below zero for non-negative results) so its band shows.
 */
export function domainOf(values: number[], low: number | undefined, high: number | undefined): number[] {
  const all = [...values, ...(low !== undefined ? [low] : []), ...(high !== undefined ? [high] : [])];
  const span = Math.max(...all) - Math.min(...all) || Math.abs(all[0]!) || 1;
  const floor = Math.min(...values) >= 0 ? 0 : -Infinity;
  if (high !== undefined && low === undefined) all.push(Math.max(floor, high - span / 4));
  if (low !== undefined && high === undefined) all.push(low + span / 4);
  return all;
}

/**
 * The reference band in value space: a one-sided range runs from the axis floor up to its upper
 * limit, or from its lower limit up to the axis ceiling.
 */
export function bandOf(
  low: number | undefined,
  high: number | undefined,
  scale: ValueScale,
): { from: number; to: number } | undefined {
  if (low === undefined && high === undefined) return undefined;
  return { from: low ?? scale.min, to: high ?? scale.max };
}

/** The recorded abnormal flag, or one derived from the reference range when none was recorded. */
export function flagOf(p: { value: number; low?: number; high?: number; flag?: string }): Flag | undefined {
  if (p.flag && FLAGS.includes(p.flag)) return p.flag as Flag;
  if (p.high !== undefined && p.value > p.high) return 'H';
  if (p.low !== undefined && p.value < p.low) return 'L';
  return undefined;
}

/** The letter drawn beside a flagged point, so the flag is not told by colour alone. */
export const flagMark = (flag: Flag) => (flag.startsWith('H') ? '▲' : flag.startsWith('L') ? '▼' : '!');

export const PERIODS = ['1y', '3y', 'all'] as const;
export type Period = (typeof PERIODS)[number];
const YEAR = 365.25 * 24 * 3600 * 1000;

/** The points within the period, counted back from the latest result (old records stay readable). */
export function withinPeriod<T extends { at: number }>(points: T[], period: Period): T[] {
  if (period === 'all' || points.length === 0) return points;
  const latest = points[points.length - 1]!.at;
  const from = latest - (period === '1y' ? 1 : 3) * YEAR;
  return points.filter((p) => p.at >= from);
}
