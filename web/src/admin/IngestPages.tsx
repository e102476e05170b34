import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../ui/dates';
import { ErrorMessage, Loading } from '../ui/Status';
import { useImportJob, useQuarantine, useReplay } from './api';

function JobProgress({ id }: { id: string }) {
  const job = useImportJob(id);
  if (job.isPending) return <Loading />;
  if (job.isError) return <ErrorMessage error={job.error} notFound="No import job with that id." />;
  const j = job.data;
  const percent = j.bytesTotal ? Math.round((100 * j.bytesRead) / j.bytesTotal) : undefined;
  return (
    <section className="card" aria-labelledby="job-title">
      <h2 id="job-title">
        Job <span className="mono">{j.id.slice(0, 8)}</span> · {j.source}{' '}
        <span className={j.status === 'running' ? 'badge warn' : 'badge ok'}>{j.status}</span>
      </h2>
      {percent !== undefined && (
        <progress max={100} value={percent} aria-label="Import progress" style={{ width: '100%' }}>
          {percent}%
        </progress>
      )}
      <div className="stat-row">
        <div className="stat">
          <strong>{j.messages}</strong> messages
        </div>
        <div className="stat">
          <strong>{j.accepted}</strong> accepted
        </div>
        <div className="stat">
          <strong>{j.duplicates}</strong> duplicates
        </div>
        <div className="stat">
          <strong>{j.rejected}</strong> quarantined
        </div>
      </div>
      <p className="muted">
        Started {formatDateTime(j.createdAt)}
        {j.finishedAt ? `, finished ${formatDateTime(j.finishedAt)}` : ''}
      </p>
      {j.problems.length > 0 && (
        <>
          <h3>Problems</h3>
          <ul>
            {j.problems.map((p) => (
              <li key={p.index}>
                Message #{p.index}: <span className="mono">{p.code}</span> — {p.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ImportJobsPage() {
  const [input, setInput] = useState('');
  const [id, setId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setId(input.trim());
  };
  return (
    <section className="page">
      <h1>Import jobs</h1>
      <p className="muted">
        Imports run from the CLI (<code>npm run cli -- import FILE…</code>) or over HTTP/MLLP; each prints its
        job id.
      </p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="job-id">Job id</label>
        <input
          id="job-id"
          className="mono"
          size={38}
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      {id !== '' && <JobProgress key={id} id={id} />}
    </section>
  );
}

export function QuarantinePage() {
  const quarantine = useQuarantine();
  const replay = useReplay();
  return (
    <section className="page">
      <h1>Quarantine</h1>
      <p className="muted">
        Messages that could not be stored, with the reason. Content is never shown here.
      </p>
      {replay.data && (
        <p role="status" className={replay.data.status === 'queued' ? 'notice' : 'error'}>
          {replay.data.status === 'queued'
            ? 'Message queued again.'
            : `Still quarantined: ${replay.data.reason ?? 'unknown reason'}`}
        </p>
      )}
      {replay.isError && <ErrorMessage error={replay.error} />}
      {quarantine.isPending ? (
        <Loading />
      ) : quarantine.isError ? (
        <ErrorMessage error={quarantine.error} />
      ) : quarantine.data.messages.length === 0 ? (
        <p className="card">Nothing in quarantine.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Quarantined messages</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Type</th>
                <th scope="col">From</th>
                <th scope="col">Control id</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {quarantine.data.messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.receivedAt)}</td>
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
                      aria-label={`Replay message ${m.controlId ?? m.id}`}
                    >
                      Replay
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
