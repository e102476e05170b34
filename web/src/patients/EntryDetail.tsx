import { useEffect, useRef } from 'react';
import type { Entry } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../ui/dates';
import { ErrorMessage, Loading } from '../ui/Status';
import { locateQuote } from '../reports/citations';
import { useEntry, useEntryVersions } from './api';
import { entryText, kindLabel } from './entry-text';

/** Text with [start, end) marked — the passage a report citation points at. */
export function Highlighted({ text, range }: { text: string; range?: [number, number] }) {
  if (!range) return <>{text}</>;
  const [start, end] = range;
  return (
    <>
      {text.slice(0, start)}
      <mark id="cited-quote">{text.slice(start, end)}</mark>
      {text.slice(end)}
    </>
  );
}

/** Who recorded this version and from which HL7 message (ids only; the audit trail has the rest). */
function ProvenanceList({ entry, meId }: { entry: Entry; meId: string }) {
  const p = entry.provenance;
  if (!p) return <p className="muted">Not recorded</p>;
  return (
    <dl className="props">
      <dt>Source</dt>
      <dd>{p.sourceMessageId ? 'HL7 v2 interface message' : 'Entered in Anamnesis'}</dd>
      {p.sourceMessageId && (
        <>
          <dt>Message id</dt>
          <dd className="mono">{p.sourceMessageId}</dd>
        </>
      )}
      <dt>Recorded by</dt>
      <dd className={p.recordedById && p.recordedById !== meId ? 'mono' : undefined}>
        {p.recordedById === meId ? 'you' : (p.recordedById ?? 'system (interface)')}
      </dd>
      <dt>Recorded at</dt>
      <dd>{formatDateTime(p.recordedAt)}</dd>
    </dl>
  );
}

const authorOf = (entry: Entry, meId: string) =>
  entry.provenance?.sourceMessageId
    ? 'interface'
    : entry.provenance?.recordedById === meId
      ? 'you'
      : entry.provenance?.recordedById
        ? `user ${entry.provenance.recordedById.slice(0, 8)}`
        : 'unknown';

/** One entry: its text (with a cited quote marked, when given), provenance and version history. */
export function EntryDetail({ entryId, quote }: { entryId: string; quote?: string }) {
  const me = useMe();
  const entry = useEntry(entryId);
  const article = useRef<HTMLElement>(null);
  // On narrow screens the detail sits below the timeline: bring it (and the cited quote) into view.
  useEffect(() => {
    if (!entry.data) return;
    const target = article.current?.querySelector('#cited-quote') ?? article.current;
    target?.scrollIntoView({ block: 'nearest' });
  }, [entry.data]);
  const versions = useEntryVersions(entryId);
  if (entry.isPending) return <Loading label="Loading entry" />;
  if (entry.isError) return <ErrorMessage error={entry.error} notFound="This entry is not available." />;
  const current = entry.data;
  const text = entryText(current);
  const range = quote === undefined ? undefined : locateQuote(text, { quote });
  return (
    <article ref={article} className="card entry-detail" aria-labelledby="entry-title">
      <h2 id="entry-title">
        {kindLabel(current.kind)} · {formatDateTime(current.occurredAt)}
      </h2>
      {typeof current.body.title === 'string' && <h3>{current.body.title}</h3>}
      <div className="entry-text" tabIndex={0} aria-label="Entry text">
        <Highlighted text={text} range={range} />
      </div>
      {quote !== undefined && !range && (
        <p>
          Cited passage: <mark id="cited-quote">{quote}</mark>
        </p>
      )}
      <p className="muted">Version {current.version}</p>
      <h3>Provenance</h3>
      <ProvenanceList entry={current} meId={me.id} />
      <h3>Version history</h3>
      {versions.isPending ? (
        <Loading />
      ) : versions.isError ? (
        <ErrorMessage error={versions.error} />
      ) : (
        <ol className="versions" reversed>
          {[...versions.data]
            .sort((a, b) => b.version - a.version)
            .map((version) => (
              <li key={version.version}>
                <strong>v{version.version}</strong> · {formatDateTime(version.provenance?.recordedAt ?? '')} ·
                by {authorOf(version, me.id)}
                <div className="muted">{entryText(version)}</div>
              </li>
            ))}
        </ol>
      )}
    </article>
  );
}
