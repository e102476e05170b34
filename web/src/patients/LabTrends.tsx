import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { measurementOf, type Measurement } from './entry-text';

interface Point extends Measurement {
  at: number;
  entryId: string;
}

const W = 300;
const H = 120;
const PAD = { left: 34, right: 10, top: 10, bottom: 20 };

/** Numeric results grouped by observation code, oldest first. */
export function seriesOf(entries: Entry[]): [string, Point[]][] {
  const byCode = new Map<string, Point[]>();
  for (const entry of entries) {
    const m = measurementOf(entry);
    if (!m) continue;
    const at = Date.parse(entry.occurredAt);
    byCode.set(m.code, [...(byCode.get(m.code) ?? []), { ...m, at, entryId: entry.id }]);
  }
  return [...byCode.entries()]
    .map(([code, points]) => [code, points.sort((a, b) => a.at - b.at)] as [string, Point[]])
    .sort((a, b) => b[1].length - a[1].length || a[1][0]!.name.localeCompare(b[1][0]!.name));
}

const outOfRange = (p: Point) =>
  (p.low !== undefined && p.value < p.low) || (p.high !== undefined && p.value > p.high);

export function TrendChart({ points }: { points: Point[] }) {
  const { t } = useTranslation();
  const { date: formatDate } = useFormat();
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const low = points.find((p) => p.low !== undefined)?.low;
  const high = points.find((p) => p.high !== undefined)?.high;
  const values = [
    ...points.map((p) => p.value),
    ...(low !== undefined ? [low] : []),
    ...(high !== undefined ? [high] : []),
  ];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) [min, max] = [min - 1, max + 1];
  const span = max - min;
  [min, max] = [min - span * 0.1, max + span * 0.1];
  const t0 = first.at;
  const t1 = last.at === t0 ? t0 + 1 : last.at;
  const x = (t: number) =>
    points.length === 1
      ? (PAD.left + W - PAD.right) / 2
      : PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const unit = first.unit ? ` ${first.unit}` : '';
  const range =
    low !== undefined || high !== undefined
      ? t('trends.reference', { low: low ?? '…', high: high ?? '…', unit })
      : t('trends.noReference');
  const label = t('trends.chart', {
    name: first.name,
    count: points.length,
    from: formatDate(first.at),
    to: formatDate(last.at),
    latest: last.value,
    unit,
    flag: outOfRange(last) ? t('trends.outOfRange') : '',
    range,
  });
  return (
    <figure className="trend card">
      <figcaption>
        <span>{first.name}</span>
        <span className={outOfRange(last) ? 'badge bad' : 'badge ok'}>
          {last.value}
          {unit}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {(low !== undefined || high !== undefined) && (
          <rect
            className="band"
            x={PAD.left}
            width={W - PAD.left - PAD.right}
            y={y(high ?? max)}
            height={Math.max(0, y(low ?? min) - y(high ?? max))}
          />
        )}
        {(low !== undefined || high !== undefined
          ? [low, high].filter((v): v is number => v !== undefined)
          : [Math.min(...points.map((p) => p.value)), Math.max(...points.map((p) => p.value))]
        ).map((tick) => (
          <text key={tick} className="axis" x={PAD.left - 4} y={y(tick) + 3} textAnchor="end">
            {tick}
          </text>
        ))}
        <text className="axis" x={PAD.left} y={H - 4}>
          {formatDate(first.at)}
        </text>
        <text className="axis" x={W - PAD.right} y={H - 4} textAnchor="end">
          {formatDate(last.at)}
        </text>
        <polyline className="line" points={points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')} />
        {points.map((p) => (
          <circle
            key={p.entryId}
            className={outOfRange(p) ? 'point out' : 'point'}
            cx={x(p.at)}
            cy={y(p.value)}
            r={3.5}
          >
            <title>
              {formatDate(p.at)}: {p.value}
              {unit}
            </title>
          </circle>
        ))}
      </svg>
      <p className="muted" style={{ margin: 0, fontSize: '0.85rem' }}>
        {range}
      </p>
    </figure>
  );
}

export function LabTrends({ entries }: { entries: Entry[] }) {
  const { t } = useTranslation();
  const series = useMemo(() => seriesOf(entries), [entries]);
  if (series.length === 0) return <p>{t('trends.none')}</p>;
  return (
    <section aria-label={t('trends.label')} className="trends">
      {series.map(([code, points]) => (
        <TrendChart key={code} points={points} />
      ))}
    </section>
  );
}
