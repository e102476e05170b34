import { Link } from 'wouter';
import type { AuditFlag } from '../api/types';
import { ErrorMessage, Loading } from '../ui/Status';
import { useAuditEvents, useVolumeAnomalies } from './api';
import { AuditEventsTable, shortId } from './AuditEventsTable';

const FLAGGED: { flag: AuditFlag; title: string; why: string }[] = [
  {
    flag: 'break-glass',
    title: 'Break-the-glass access',
    why: 'Emergency overrides, with the reason given.',
  },
  {
    flag: 'outside-care-team',
    title: 'Outside the care team',
    why: 'Patient access without a care-team link.',
  },
  { flag: 'after-hours', title: 'Out of hours', why: 'Access at night or on weekends.' },
  { flag: 'denied', title: 'Denied', why: 'Requests the system refused.' },
];

function FlaggedEvents({ flag, title, why }: (typeof FLAGGED)[number]) {
  const events = useAuditEvents({ flag });
  const first = events.data?.pages[0];
  return (
    <section className="card" aria-labelledby={`flag-${flag}`}>
      <h2 id={`flag-${flag}`}>
        {title} <span className="badge">{first?.total ?? '…'}</span>
      </h2>
      <p className="muted">
        {why} <Link href={`~/audit?flag=${flag}`}>Open in audit search</Link>
      </p>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : first!.items.length === 0 ? (
        <p>None.</p>
      ) : (
        <AuditEventsTable events={first!.items.slice(0, 10)} caption={title} />
      )}
    </section>
  );
}

export function AnomaliesPage() {
  const volume = useVolumeAnomalies();
  return (
    <section className="page">
      <h1>Anomalies</h1>
      <section className="card" aria-labelledby="volume-title">
        <h2 id="volume-title">Unusual volume (last 7 days)</h2>
        <p className="muted">Users who opened far more distinct patients in a day than their own usual.</p>
        {volume.isPending ? (
          <Loading />
        ) : volume.isError ? (
          <ErrorMessage error={volume.error} />
        ) : volume.data.volume.length === 0 ? (
          <p>None.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Day</th>
                <th scope="col">Distinct patients</th>
                <th scope="col">Usual</th>
              </tr>
            </thead>
            <tbody>
              {volume.data.volume.map((row) => (
                <tr key={`${row.actorUserId}-${row.day}`}>
                  <td>
                    <Link href={`~/audit?actorUserId=${row.actorUserId}`} className="mono">
                      {shortId(row.actorUserId)}
                    </Link>
                  </td>
                  <td>{row.day}</td>
                  <td>{row.distinctPatients}</td>
                  <td>{row.baseline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {FLAGGED.map((item) => (
        <FlaggedEvents key={item.flag} {...item} />
      ))}
    </section>
  );
}
