import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
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

function FilterForm({ initial, onApply }: { initial: AuditFilter; onApply: (filter: AuditFilter) => void }) {
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
    <form className="card filters" onSubmit={submit} aria-label="Audit filters">
      <div>
        <label htmlFor="filter-actorUserId">User id</label>
        <input {...field('actorUserId')} size={20} className="mono" />
      </div>
      <div>
        <label htmlFor="filter-patientId">Patient id</label>
        <input {...field('patientId')} size={20} className="mono" />
      </div>
      <div>
        <label htmlFor="filter-type">Event type</label>
        <input {...field('type')} placeholder="patient.read or auth." size={16} />
      </div>
      <div>
        <label htmlFor="filter-action">Action</label>
        <select {...field('action')}>
          <option value="">any</option>
          <option value="C">create</option>
          <option value="R">read</option>
          <option value="U">update</option>
          <option value="D">delete</option>
          <option value="E">execute</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-outcome">Outcome</label>
        <select {...field('outcome')}>
          <option value="">any</option>
          <option value="success">success</option>
          <option value="failure">failure</option>
          <option value="denied">denied</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-flag">Flag</label>
        <select {...field('flag')}>
          <option value="">any</option>
          <option value="break-glass">break-glass</option>
          <option value="outside-care-team">outside care team</option>
          <option value="after-hours">out of hours</option>
          <option value="denied">denied</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-from">From (UTC day)</label>
        <input type="date" {...field('from')} />
      </div>
      <div>
        <label htmlFor="filter-to">To (UTC day)</label>
        <input type="date" {...field('to')} />
      </div>
      <div className="actions" style={{ marginTop: 0 }}>
        <button type="submit" className="primary">
          Search
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

export function AuditSearchPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filter = filterFromSearch(search);
  const events = useAuditEvents(filter);
  const [exportError, setExportError] = useState<unknown>(null);
  const apply = (next: AuditFilter) => navigate(`/?${new URLSearchParams(next as Record<string, string>)}`);
  const first = events.data?.pages[0];
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const scope = filter.actorUserId
    ? `Activity of user ${filter.actorUserId}`
    : filter.patientId
      ? `Access history of patient ${filter.patientId}`
      : 'Audit trail';

  const exportAs = (format: 'csv' | 'fhir') => {
    setExportError(null);
    downloadExport(format, filter).catch(setExportError);
  };

  return (
    <section className="page">
      <h1>{scope}</h1>
      <FilterForm key={search} initial={filter} onApply={apply} />
      {events.isPending ? (
        <Loading label="Searching the audit trail" />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : (
        <>
          <div className="stat-row" aria-live="polite">
            <div className="stat">
              <strong>{first!.total}</strong> matching events
            </div>
            <div className="stat">
              <strong>{first!.totals['break-glass']}</strong> break-glass
            </div>
            <div className="stat">
              <strong>{first!.totals['outside-care-team']}</strong> outside care team
            </div>
            <div className="stat">
              <strong>{first!.totals['after-hours']}</strong> out of hours
            </div>
            <div className="stat">
              <strong>{first!.totals.denied}</strong> denied
            </div>
          </div>
          <div className="actions">
            <button type="button" onClick={() => exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" onClick={() => exportAs('fhir')}>
              Export FHIR NDJSON
            </button>
          </div>
          {exportError !== null && <ErrorMessage error={exportError} />}
          <h2 className="visually-hidden">Events</h2>
          {items.length === 0 ? (
            <p className="card">No events match these filters.</p>
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
                {events.isFetchingNextPage ? 'Loading…' : 'Show older events'}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
