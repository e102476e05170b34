import type { ReportSentence } from '../report.types.js';
import { directionOf } from '../verifier/fact-checks.js';
import {
  citeWhole,
  contentOf,
  type ClinicalEntries,
  type Observation,
  sentence,
} from './clinical-entries.js';
import type { DraftWording } from './draft-wording.js';
import { type QuestionFocus, resultIsRelevant } from './relevance.js';

const MAX_SERIES = 12;
/** A trend compares the latest value with the earliest of at most this many recent ones. */
const TREND_WINDOW = 6;

export interface ResultSeries {
  key: string;
  name: string;
  /** Newest first. */
  values: Observation[];
  relevant: boolean;
}

/** Results grouped by name: question-relevant first, then abnormal, then the most recent. */
export function resultSeries(record: ClinicalEntries, focus: QuestionFocus): ResultSeries[] {
  const byKey = new Map<string, Observation[]>();
  for (const observation of record.observations) {
    const list = byKey.get(observation.key) ?? [];
    list.push(observation);
    byKey.set(observation.key, list);
  }
  const series = [...byKey.entries()].map(([key, values]) => ({
    key,
    name: values[0]!.name,
    values,
    relevant: resultIsRelevant(focus, values[0]!.name),
  }));
  const rank = (s: ResultSeries) => (s.relevant ? 0 : s.values[0]!.abnormal ? 1 : 2);
  return series
    .sort(
      (a, b) =>
        rank(a) - rank(b) || b.values[0]!.entry.time - a.values[0]!.entry.time || a.key.localeCompare(b.key),
    )
    .slice(0, MAX_SERIES);
}

/** Latest value (with unit, reference range and flag), then its trend when numbers allow one. */
export function resultSentences(series: ResultSeries[], wording: DraftWording): ReportSentence[] {
  const sentences: ReportSentence[] = [];
  for (const s of series) {
    const latest = s.values[0]!;
    sentences.push(
      sentence(wording.latest(contentOf(latest.entry), latest.entry.date), citeWhole(latest.entry)),
    );
    const trend = trendSentence(s, wording);
    if (trend) sentences.push(trend);
  }
  return sentences;
}

function trendSentence(series: ResultSeries, wording: DraftWording): ReportSentence | undefined {
  const numeric = series.values
    .filter((v) => v.value !== undefined && v.unit === series.values[0]!.unit)
    .slice(0, TREND_WINDOW);
  if (numeric.length < 2) return undefined;
  const latest = numeric[0]!;
  const earliest = numeric[numeric.length - 1]!;
  if (latest.entry.date === earliest.entry.date && latest.value === earliest.value) return undefined;
  const unit = latest.unit ? ` ${latest.unit}` : '';
  const from = wording.valueOn(`${earliest.value}${unit}`, earliest.entry.date);
  const to = wording.valueOn(`${latest.value}${unit}`, latest.entry.date);
  const text = wording.trend(series.name, directionOf(earliest.value!, latest.value!), from, to);
  return sentence(text, citeWhole(earliest.entry), citeWhole(latest.entry));
}
