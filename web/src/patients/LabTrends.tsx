import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../api/types';
import { measurementOf } from './entry-text';
import { PERIODS, withinPeriod, type Period } from './trend-chart/scale';
import { TrendChart, type Point } from './trend-chart/TrendChart';

export { TrendChart };

/** Numeric results grouped by observation code, oldest first. */
export function seriesOf(entries: Entry[]): [string, Point[]][] {
  const byCode = new Map<string, Point[]>();
  for (const entry of entries) {
    const m = measurementOf(entry);
    if (!m) continue;
    const point: Point = {
      ...m,
      at: Date.parse(entry.occurredAt),
      entryId: entry.id,
      patientId: entry.patientId,
      fromInterface: Boolean(entry.provenance?.sourceMessageId),
    };
    byCode.set(m.code, [...(byCode.get(m.code) ?? []), point]);
  }
  return [...byCode.entries()]
    .map(([code, points]) => [code, points.sort((a, b) => a.at - b.at)] as [string, Point[]])
    .sort((a, b) => b[1].length - a[1].length || a[1][0]!.name.localeCompare(b[1][0]!.name));
}

export function LabTrends({ entries }: { entries: Entry[] }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('all');
  const series = useMemo(() => seriesOf(entries), [entries]);
  if (series.length === 0) return <p>{t('trends.none')}</p>;
  return (
    <section aria-label={t('trends.label')}>
      <fieldset className="segmented trend-period">
        <legend>{t('trends.period')}</legend>
        {PERIODS.map((p) => (
          <label key={p}>
            <input
              type="radio"
              name="trend-period"
              value={p}
              checked={period === p}
              onChange={() => setPeriod(p)}
            />
            {t(`trends.periods.${p}`)}
          </label>
        ))}
      </fieldset>
      <div className="trends">
        {series.map(([code, points]) => (
          <TrendChart key={code} points={withinPeriod(points, period)} />
        ))}
      </div>
    </section>
  );
}
