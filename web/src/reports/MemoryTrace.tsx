import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useFormat } from '../i18n/use-format';
import { kindLabel } from '../patients/entry-text';
import type { MemoryTrace } from '../api/types';
import { WhyList } from '../patients/AskRecord';

/** What the memory retrieved for this draft, which of it the draft cites, and what it left out. */
export function MemoryTraceView({ patientId, trace }: { patientId: string; trace?: MemoryTrace }) {
  const { t } = useTranslation();
  const format = useFormat();
  const n = (value: number) => format.number(Math.round(value * 100) / 100);
  return (
    <section className="card memory-trace" aria-labelledby="trace-title">
      <h2 id="trace-title">{t('workspace.trace.title')}</h2>
      {!trace ? (
        <p className="muted">{t('workspace.trace.notKept')}</p>
      ) : (
        <>
          <p>{t('workspace.trace.intro', { read: trace.entriesRead })}</p>
          {trace.retrieval === 'unavailable' && <p className="muted">{t('workspace.trace.unavailable')}</p>}
          {trace.leftOut.length > 0 && <p>{t('workspace.trace.leftOut', { count: trace.leftOut.length })}</p>}
          {trace.cited.some((c) => c.retrievedRank === undefined) && (
            <p className="muted">
              {t('workspace.trace.citedOutside', {
                count: trace.cited.filter((c) => c.retrievedRank === undefined).length,
              })}
            </p>
          )}
          {trace.retrieved.length > 0 && (
            <table className="table">
              <caption>{t('workspace.trace.retrieved')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('workspace.trace.rank')}</th>
                  <th scope="col">{t('workspace.trace.entry')}</th>
                  <th scope="col">{t('workspace.trace.used')}</th>
                  <th scope="col">{t('workspace.trace.signals')}</th>
                  <th scope="col">{t('workspace.trace.why')}</th>
                </tr>
              </thead>
              <tbody>
                {[...trace.retrieved]
                  .sort((a, b) => a.rank - b.rank)
                  .map((hit) => (
                    <tr key={hit.entryId}>
                      <td>{hit.rank}</td>
                      <td>
                        <Link href={`/patients/${patientId}/entries/${hit.entryId}`}>
                          {kindLabel(hit.kind, t)} · {format.date(hit.occurredAt)}
                        </Link>
                      </td>
                      <td>
                        <span className={hit.cited ? 'badge ok' : 'badge'}>
                          {hit.cited ? t('workspace.trace.usedYes') : t('workspace.trace.usedNo')}
                        </span>
                      </td>
                      <td>
                        {t('workspace.trace.signalLine', {
                          bm25: n(hit.signals.bm25),
                          dense:
                            hit.signals.dense === undefined
                              ? t('workspace.trace.noDense')
                              : n(hit.signals.dense),
                          recency: n(hit.signals.recency),
                        })}
                        {hit.signals.kind && <div className="muted">{t('workspace.trace.kindPrior')}</div>}
                      </td>
                      <td>
                        <WhyList why={hit.why} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
