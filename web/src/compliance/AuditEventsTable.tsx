import { Link } from 'wouter';
import type { AuditEvent } from '../api/types';
import { formatDateTime } from '../ui/dates';

const ACTION = { C: 'create', R: 'read', U: 'update', D: 'delete', E: 'execute' } as Record<string, string>;
const FLAG_CLASS: Record<string, string> = {
  'break-glass': 'badge bad',
  denied: 'badge bad',
  'after-hours': 'badge warn',
  'outside-care-team': 'badge warn',
};

export const shortId = (id: string | null | undefined) => (id ? id.slice(0, 8) : '—');

/** Audit metadata only: who, which patient (by id), what, when, outcome — never clinical content. */
export function AuditEventsTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">Actor</th>
            <th scope="col">Patient</th>
            <th scope="col">Purpose / reason</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td className="mono">{event.seq}</td>
              <td className="nowrap">{formatDateTime(event.recordedAt, undefined, { timeZone: 'UTC' })}</td>
              <td>
                <span className="mono">{event.type}</span>{' '}
                <span className="muted">({ACTION[event.action] ?? event.action})</span>
              </td>
              <td>
                <span className={event.outcome === 'success' ? 'badge ok' : 'badge bad'}>
                  {event.outcome}
                </span>
              </td>
              <td>
                {event.actor.userId ? (
                  <Link
                    href={`~/audit?actorUserId=${event.actor.userId}`}
                    className="mono"
                    title={`All activity of user ${event.actor.userId}`}
                  >
                    {shortId(event.actor.userId)}
                  </Link>
                ) : (
                  'system'
                )}{' '}
                <span className="muted">{event.actor.role ?? ''}</span>
              </td>
              <td>
                {event.patientId ? (
                  <Link
                    href={`~/audit?patientId=${event.patientId}`}
                    className="mono"
                    title={`All access to patient ${event.patientId}`}
                  >
                    {shortId(event.patientId)}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {event.purposeOfUse ?? '—'}
                {event.reason && <div className="muted">“{event.reason}”</div>}
              </td>
              <td>
                {event.flags.map((flag) => (
                  <span key={flag} className={FLAG_CLASS[flag] ?? 'badge'}>
                    {flag}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
