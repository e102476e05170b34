import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { useImportJob, useQuarantine, useReplay } from './api';

const JOB_STATUSES = ['running', 'completed', 'failed'] as const;

function JobProgress({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const job = useImportJob(id);
  if (job.isPending) return <Loading />;
  if (job.isError) return <ErrorMessage error={job.error} notFound={t('imports.notFound')} />;
  const j = job.data;
  const percent = j.bytesTotal ? Math.round((100 * j.bytesRead) / j.bytesTotal) : undefined;
  return (
    <section className="card" aria-labelledby="job-title">
      <h2 id="job-title">
        {t('imports.job')} <span className="mono">{j.id.slice(0, 8)}</span> · {j.source}{' '}
        <span className={j.status === 'running' ? 'badge warn' : 'badge ok'}>
          {(JOB_STATUSES as readonly string[]).includes(j.status)
            ? t(`imports.status.${j.status as (typeof JOB_STATUSES)[number]}`)
            : j.status}
        </span>
      </h2>
      {percent !== undefined && (
        <progress max={100} value={percent} aria-label={t('imports.progress')} style={{ width: '100%' }}>
          {percent}%
        </progress>
      )}
      <div className="stat-row">
        <div className="stat">
          <strong>{format.number(j.messages)}</strong> {t('imports.messages')}
        </div>
        <div className="stat">
          <strong>{format.number(j.accepted)}</strong> {t('imports.accepted')}
        </div>
        <div className="stat">
          <strong>{format.number(j.duplicates)}</strong> {t('imports.duplicates')}
        </div>
        <div className="stat">
          <strong>{format.number(j.rejected)}</strong> {t('imports.quarantined')}
        </div>
      </div>
      <p className="muted">
        {t('imports.started', { when: format.dateTime(j.createdAt) })}
        {j.finishedAt ? t('imports.finished', { when: format.dateTime(j.finishedAt) }) : ''}
      </p>
      {j.problems.length > 0 && (
        <>
          <h3>{t('imports.problems')}</h3>
          <ul>
            {j.problems.map((p) => (
              <li key={p.index}>
                {t('imports.problem', { index: p.index })} <span className="mono">{p.code}</span> — {p.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ImportJobsPage() {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [id, setId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setId(input.trim());
  };
  return (
    <section className="page">
      <h1>{t('imports.title')}</h1>
      <p className="muted">
        <Trans i18nKey="imports.intro" components={{ code: <code /> }} />
      </p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="job-id">{t('imports.jobId')}</label>
        <input
          id="job-id"
          className="mono"
          size={38}
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit" className="primary">
          {t('imports.show')}
        </button>
      </form>
      {id !== '' && <JobProgress key={id} id={id} />}
    </section>
  );
}

export function QuarantinePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const quarantine = useQuarantine();
  const replay = useReplay();
  return (
    <section className="page">
      <h1>{t('quarantine.title')}</h1>
      <p className="muted">{t('quarantine.intro')}</p>
      {replay.data && (
        <p role="status" className={replay.data.status === 'queued' ? 'notice' : 'error'}>
          {replay.data.status === 'queued'
            ? t('quarantine.requeued')
            : t('quarantine.still', { reason: replay.data.reason ?? t('quarantine.unknownReason') })}
        </p>
      )}
      {replay.isError && <ErrorMessage error={replay.error} />}
      {quarantine.isPending ? (
        <Loading />
      ) : quarantine.isError ? (
        <ErrorMessage error={quarantine.error} />
      ) : quarantine.data.messages.length === 0 ? (
        <p className="card">{t('quarantine.nothing')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('quarantine.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('quarantine.received')}</th>
                <th scope="col">{t('quarantine.type')}</th>
                <th scope="col">{t('quarantine.from')}</th>
                <th scope="col">{t('quarantine.controlId')}</th>
                <th scope="col">{t('quarantine.reason')}</th>
                <th scope="col">{t('quarantine.attempts')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('quarantine.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {quarantine.data.messages.map((m) => (
                <tr key={m.id}>
                  <td>{format.dateTime(m.receivedAt)}</td>
                  <td className="mono">{m.messageType ?? '—'}</td>
                  <td>{[m.sendingApplication, m.sendingFacility].filter(Boolean).join(' / ') || '—'}</td>
                  <td className="mono">{m.controlId ?? '—'}</td>
                  <td>{m.reason ?? '—'}</td>
                  <td>{m.attempts}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => replay.mutate(m.id)}
                      disabled={replay.isPending}
                      aria-label={t('quarantine.replayMessage', { id: m.controlId ?? m.id })}
                    >
                      {t('quarantine.replay')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
