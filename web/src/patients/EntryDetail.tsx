import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../api/types';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n/use-format';
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
  const { t } = useTranslation();
  const format = useFormat();
  const p = entry.provenance;
  if (!p) return <p className="muted">{t('entry.notRecorded')}</p>;
  return (
    <dl className="props">
      <dt>{t('entry.source')}</dt>
      <dd>{p.sourceMessageId ? t('entry.fromInterface') : t('entry.enteredHere')}</dd>
      {p.sourceMessageId && (
        <>
          <dt>{t('entry.messageId')}</dt>
          <dd className="mono">{p.sourceMessageId}</dd>
        </>
      )}
      <dt>{t('entry.recordedBy')}</dt>
      <dd className={p.recordedById && p.recordedById !== meId ? 'mono' : undefined}>
        {p.recordedById === meId ? t('entry.you') : (p.recordedById ?? t('entry.systemInterface'))}
      </dd>
      <dt>{t('entry.recordedAt')}</dt>
      <dd>{format.dateTime(p.recordedAt)}</dd>
    </dl>
  );
}

const authorOf = (entry: Entry, meId: string, t: TFunction) =>
  entry.provenance?.sourceMessageId
    ? t('entry.author.interface')
    : entry.provenance?.recordedById === meId
      ? t('entry.author.you')
      : entry.provenance?.recordedById
        ? t('entry.author.user', { id: entry.provenance.recordedById.slice(0, 8) })
        : t('entry.author.unknown');

/** One entry: its text (with a cited quote marked, when given), provenance and version history. */
export function EntryDetail({ entryId, quote }: { entryId: string; quote?: string }) {
  const me = useMe();
  const { t } = useTranslation();
  const format = useFormat();
  const entry = useEntry(entryId);
  const article = useRef<HTMLElement>(null);
  // On narrow screens the detail sits below the timeline: bring it (and the cited quote) into view.
  useEffect(() => {
    if (!entry.data) return;
    const target = article.current?.querySelector('#cited-quote') ?? article.current;
    target?.scrollIntoView({ block: 'nearest' });
  }, [entry.data]);
  const versions = useEntryVersions(entryId);
  if (entry.isPending) return <Loading label={t('entry.loading')} />;
  if (entry.isError) return <ErrorMessage error={entry.error} notFound={t('entry.notAvailable')} />;
  const current = entry.data;
  const words = { t, calendarDate: format.calendarDate };
  const text = entryText(current, words);
  const range = quote === undefined ? undefined : locateQuote(text, { quote });
  return (
    <article ref={article} className="card entry-detail" aria-labelledby="entry-title">
      <h2 id="entry-title">
        {kindLabel(current.kind, t)} · {format.dateTime(current.occurredAt)}
      </h2>
      {typeof current.body.title === 'string' && <h3>{current.body.title}</h3>}
      <div className="entry-text" tabIndex={0} aria-label={t('entry.text')}>
        <Highlighted text={text} range={range} />
      </div>
      {quote !== undefined && !range && (
        <p>
          {t('entry.citedPassage')} <mark id="cited-quote">{quote}</mark>
        </p>
      )}
      <p className="muted">{t('entry.version', { version: current.version })}</p>
      <h3>{t('entry.provenance')}</h3>
      <ProvenanceList entry={current} meId={me.id} />
      <h3>{t('entry.history')}</h3>
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
                {t('entry.versionLine', {
                  version: version.version,
                  when: format.dateTime(version.provenance?.recordedAt ?? ''),
                  author: authorOf(version, me.id, t),
                })}
                <div className="muted">{entryText(version, words)}</div>
              </li>
            ))}
        </ol>
      )}
    </article>
  );
}
