import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Entry } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { localDayKey } from '../ui/dates';
import { entrySummary, kindLabel, type EntryWords } from './entry-text';

interface Filters {
  hidden: Set<string>;
  text: string;
}

function applyFilters(entries: Entry[], { hidden, text }: Filters, labels: EntryWords): Entry[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (hidden.has(entry.kind)) return false;
    if (words.length === 0) return true;
    const haystack = `${kindLabel(entry.kind, labels.t)} ${entrySummary(entry, labels)}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

function groupByDay(entries: Entry[]): [string, Entry[]][] {
  const sorted = [...entries].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  const days = new Map<string, Entry[]>();
  for (const entry of sorted) {
    const key = localDayKey(entry.occurredAt);
    days.set(key, [...(days.get(key) ?? []), entry]);
  }
  return [...days.entries()];
}

/** The record, newest first, one group per day; filter by kind and by words. */
export function Timeline({
  patientId,
  entries,
  selectedId,
}: {
  patientId: string;
  entries: Entry[];
  selectedId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [filters, setFilters] = useState<Filters>({ hidden: new Set(), text: '' });
  const kinds = useMemo(() => [...new Set(entries.map((e) => e.kind))].sort(), [entries]);
  const words = useMemo(() => ({ t, calendarDate: format.calendarDate }), [t, format]);
  const visible = useMemo(() => applyFilters(entries, filters, words), [entries, filters, words]);
  const days = useMemo(() => groupByDay(visible), [visible]);

  const toggle = (kind: string) =>
    setFilters((current) => {
      const hidden = new Set(current.hidden);
      if (hidden.has(kind)) hidden.delete(kind);
      else hidden.add(kind);
      return { ...current, hidden };
    });

  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <label htmlFor="timeline-filter">{t('timeline.filter')}</label>
      <input
        id="timeline-filter"
        type="search"
        placeholder={t('timeline.filterPlaceholder')}
        value={filters.text}
        onChange={(event) => setFilters((current) => ({ ...current, text: event.target.value }))}
        style={{ width: '100%' }}
      />
      <fieldset className="kind-chips">
        <legend className="visually-hidden">{t('timeline.kindsShown')}</legend>
        {kinds.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={!filters.hidden.has(kind)} onChange={() => toggle(kind)} />
            {kindLabel(kind, t)} ({format.number(entries.filter((e) => e.kind === kind).length)})
          </label>
        ))}
      </fieldset>
      <p className="muted" aria-live="polite">
        {visible.length === entries.length
          ? t('timeline.count', { count: entries.length })
          : t('timeline.shown', { count: entries.length, visible: visible.length })}
      </p>
      <p className="muted">{t('timeline.zone', { zone: format.zone() })}</p>
      {days.map(([day, dayEntries]) => (
        <div className="timeline-day" key={day}>
          <h3>{format.date(dayEntries[0]!.occurredAt)}</h3>
          <ul>
            {dayEntries.map((entry) => (
              <li key={entry.id}>
                <Link
                  href={`/patients/${patientId}/entries/${entry.id}`}
                  className="entry-row"
                  aria-current={entry.id === selectedId ? 'true' : undefined}
                >
                  <span className="time">{format.time(entry.occurredAt)}</span>
                  <span className="kind">{kindLabel(entry.kind, t)}</span>
                  <span className="summary">{entrySummary(entry, words)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
