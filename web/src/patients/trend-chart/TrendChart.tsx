import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useFormat } from '../../i18n/use-format';
import type { Measurement } from '../entry-text';
import { bandOf, domainOf, flagMark, flagOf, valueScale, type Flag } from './scale';

export interface Point extends Measurement {
  at: number;
  entryId: string;
  patientId: string;
  /** Whether the value came through the HL7 interface or was entered here. */
  fromInterface: boolean;
}

const W = 320;
const H = 150;
const PAD = { left: 40, right: 14, top: 18, bottom: 22 };
const FLOOR = H - PAD.bottom;

/** One observation code over time: value axis with unit, reference band, flagged points with tooltips. */
export function TrendChart({ points }: { points: Point[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tipId = useId();
  const [open, setOpen] = useState<string | undefined>();
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const low = points.find((p) => p.low !== undefined)?.low;
  const high = points.find((p) => p.high !== undefined)?.high;
  const scale = valueScale(
    domainOf(
      points.map((p) => p.value),
      low,
      high,
    ),
  );
  const band = bandOf(low, high, scale);
  const t0 = first.at;
  const t1 = last.at === t0 ? t0 + 1 : last.at;
  const x = (at: number) =>
    points.length === 1
      ? (PAD.left + W - PAD.right) / 2
      : PAD.left + ((at - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - scale.min) / (scale.max - scale.min)) * (FLOOR - PAD.top);
  const unit = first.unit ? ` ${first.unit}` : '';
  const n = format.number;
  const range =
    low !== undefined && high !== undefined
      ? t('trends.reference', { low: n(low), high: n(high), unit })
      : high !== undefined
        ? t('trends.referenceAtMost', { high: n(high), unit })
        : low !== undefined
          ? t('trends.referenceAtLeast', { low: n(low), unit })
          : t('trends.noReference');
  const flagWord = (flag: Flag | undefined) => (flag ? t(`entry.flags.${flag}`) : t('trends.normal'));
  const lastFlag = flagOf(last);
  const label = t('trends.chart', {
    name: first.name,
    count: points.length,
    from: format.date(first.at),
    to: format.date(last.at),
    latest: n(last.value),
    unit,
    flag: lastFlag ? t('trends.outOfRange') : '',
    range,
  });
  const describe = (p: Point) =>
    t('trends.point', {
      date: format.dateTime(p.at),
      value: n(p.value),
      unit,
      flag: flagWord(flagOf(p)),
      source: p.fromInterface ? t('entry.fromInterface') : t('entry.enteredHere'),
    });
  const shown = points.find((p) => p.entryId === open);
  return (
    <figure className="trend card">
      <figcaption>
        <span>{first.name}</span>
        <span className={lastFlag ? 'badge bad' : 'badge ok'}>
          {lastFlag && <span aria-hidden="true">{flagMark(lastFlag)} </span>}
          {n(last.value)}
          {unit}
        </span>
      </figcaption>
      <div
        className="trend-plot"
        onMouseLeave={() => setOpen(undefined)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(undefined)}
      >
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
          {band && (
            <rect
              className="band"
              data-from={band.from}
              data-to={band.to}
              x={PAD.left}
              width={W - PAD.left - PAD.right}
              y={y(band.to)}
              height={Math.max(0, y(band.from) - y(band.to))}
            />
          )}
          {scale.ticks.map((tick) => (
            <g key={tick} className="tick">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text className="axis" x={PAD.left - 4} y={y(tick) + 3} textAnchor="end">
                {n(tick)}
              </text>
            </g>
          ))}
          {[low, high].map(
            (limit, i) =>
              limit !== undefined && (
                <line
                  key={i}
                  className="limit"
                  x1={PAD.left}
                  x2={W - PAD.right}
                  y1={y(limit)}
                  y2={y(limit)}
                />
              ),
          )}
          <line className="axis-line" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={FLOOR} />
          <line className="axis-line floor" x1={PAD.left} x2={W - PAD.right} y1={FLOOR} y2={FLOOR} />
          <text className="axis unit" x={PAD.left - 4} y={PAD.top - 8} textAnchor="end">
            {first.unit ?? ''}
          </text>
          <text className="axis" x={PAD.left} y={H - 6}>
            {format.date(first.at)}
          </text>
          <text className="axis" x={W - PAD.right} y={H - 6} textAnchor="end">
            {format.date(last.at)}
          </text>
          <polyline className="line" points={points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')} />
          {points.map((p) => {
            const flag = flagOf(p);
            return (
              <g key={p.entryId} className={open === p.entryId ? 'mark active' : 'mark'}>
                <circle
                  className={flag ? 'point out' : 'point'}
                  cx={x(p.at)}
                  cy={y(p.value)}
                  r={flag ? 4.5 : 3.5}
                />
                {flag && (
                  <text className="flag-mark" x={x(p.at)} y={y(p.value) - 7} textAnchor="middle">
                    {flagMark(flag)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {points.map((p) => (
          <Link
            key={p.entryId}
            href={`/patients/${p.patientId}/entries/${p.entryId}`}
            className="trend-point"
            aria-label={describe(p)}
            aria-describedby={open === p.entryId ? tipId : undefined}
            style={{ left: `${(x(p.at) / W) * 100}%`, top: `${(y(p.value) / H) * 100}%` }}
            onFocus={() => setOpen(p.entryId)}
            onBlur={() => setOpen(undefined)}
            onMouseEnter={() => setOpen(p.entryId)}
          />
        ))}
        {shown && (
          <div
            id={tipId}
            role="tooltip"
            className={x(shown.at) > W / 2 ? 'trend-tip left' : 'trend-tip'}
            style={{ left: `${(x(shown.at) / W) * 100}%`, top: `${(y(shown.value) / H) * 100}%` }}
          >
            <strong>{format.dateTime(shown.at)}</strong>
            <span>
              {n(shown.value)}
              {unit} · {flagWord(flagOf(shown))}
            </span>
            <span className="muted">
              {shown.fromInterface ? t('entry.fromInterface') : t('entry.enteredHere')}
            </span>
          </div>
        )}
      </div>
      <p className="muted trend-range">{range}</p>
    </figure>
  );
}
