import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { downloadExport, FILTER_KEYS, useAuditEvents, type AuditFilter } from './api';
import { AuditEventsTable } from './AuditEventsTable';

export function filterFromSearch(search: string): AuditFilter {
  const params = new URLSearchParams(search);
  const filter: AuditFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

const ACTIONS = ['C', 'R', 'U', 'D', 'E'] as const;
const OUTCOMES = ['success', 'failure', 'denied'] as const;
const FLAGS = ['break-glass', 'outside-care-team', 'own-user-care-team', 'after-hours', 'denied'] as const;

function FilterForm({ initial, onApply }: { initial: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilter>(initial);
  const field = (key: keyof AuditFilter) => ({
    id: `filter-${key}`,
    value: draft[key] ?? '',
    onChange: (event: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: event.target.value })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as AuditFilter);
  };
  return (
    <form className="card filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <div>
        <label htmlFor="filter-actorUserId">{t('audit.userId')}</label>
        <input {...field('actorUserId')} size={20} className="mono" />
      </div>
      <div>
        <label htmlFor="filter-patientId">{t('audit.patientId')}</label>
        <input {...field('patientId')} size={20} className="mono" />
      </div>
      <div>
        <label htmlFor="filter-type">{t('audit.eventType')}</label>
        <input {...field('type')} placeholder={t('audit.eventTypePlaceholder')} size={16} />
      </div>
      <div>
        <label htmlFor="filter-action">{t('audit.action')}</label>
        <select {...field('action')}>
          <option value="">{t('audit.any')}</option>
          {ACTIONS.map((code) => (
            <option key={code} value={code}>
              {t(`audit.actions.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-outcome">{t('audit.outcome')}</label>
        <select {...field('outcome')}>
          <option value="">{t('audit.any')}</option>
          {OUTCOMES.map((code) => (
            <option key={code} value={code}>
              {t(`audit.outcomes.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-flag">{t('audit.flag')}</label>
        <select {...field('flag')}>
          <option value="">{t('audit.any')}</option>
          {FLAGS.map((code) => (
            <option key={code} value={code}>
              {t(`audit.flags.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-from">{t('audit.from')}</label>
        <input type="date" {...field('from')} />
      </div>
      <div>
        <label htmlFor="filter-to">{t('audit.to')}</label>
        <input type="date" {...field('to')} />
      </div>
      <div className="actions" style={{ marginTop: 0 }}>
        <button type="submit" className="primary">
          {t('common.search')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('audit.clear')}
        </button>
      </div>
    </form>
  );
}

export function AuditSearchPage() {
  const search = useSearch();
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const filter = filterFromSearch(search);
  const events = useAuditEvents(filter);
  const format = useFormat();
  const [exportError, setExportError] = useState<unknown>(null);
  const apply = (next: AuditFilter) => navigate(`/?${new URLSearchParams(next as Record<string, string>)}`);
  const first = events.data?.pages[0];
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const scope = filter.actorUserId
    ? t('audit.activityOf', { id: filter.actorUserId })
    : filter.patientId
      ? t('audit.historyOf', { id: filter.patientId })
      : t('audit.title');

  const exportAs = (format: 'csv' | 'fhir') => {
    setExportError(null);
    downloadExport(format, filter).catch(setExportError);
  };

  return (
    <section className="page">
      <h1>{scope}</h1>
      <FilterForm key={search} initial={filter} onApply={apply} />
      {events.isPending ? (
        <Loading label={t('audit.searching')} />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : (
        <>
          <div className="stat-row" aria-live="polite">
            <div className="stat">
              <strong>{format.number(first!.total)}</strong> {t('audit.matching', { count: first!.total })}
            </div>
            {FLAGS.map((flag) => (
              <div className="stat" key={flag}>
                <strong>{format.number(first!.totals[flag])}</strong> {t(`audit.flags.${flag}`)}
              </div>
            ))}
          </div>
          <div className="actions">
            <button type="button" onClick={() => exportAs('csv')}>
              {t('audit.exportCsv')}
            </button>
            <button type="button" onClick={() => exportAs('fhir')}>
              {t('audit.exportFhir')}
            </button>
          </div>
          {exportError !== null && <ErrorMessage error={exportError} />}
          <h2 className="visually-hidden">{t('audit.events')}</h2>
          {items.length === 0 ? (
            <p className="card">{t('audit.noMatch')}</p>
          ) : (
            <AuditEventsTable events={items} caption={scope} />
          )}
          {events.hasNextPage && (
            <div className="actions">
              <button
                type="button"
                onClick={() => void events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? t('audit.loadingMore') : t('audit.older')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
