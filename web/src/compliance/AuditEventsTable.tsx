import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { AuditEvent } from '../api/types';
import { roleLabel } from '../i18n/labels';
import { useFormat } from '../i18n/use-format';

const ACTIONS = ['C', 'R', 'U', 'D', 'E'] as const;
const OUTCOMES = ['success', 'failure', 'denied'] as const;
const FLAGS = ['break-glass', 'outside-care-team', 'own-user-care-team', 'after-hours', 'denied'] as const;
const PURPOSES = ['treatment', 'emergency', 'operations'] as const;
const oneOf = <K extends string>(codes: readonly K[], value: string | null | undefined): value is K =>
  typeof value === 'string' && (codes as readonly string[]).includes(value);
const FLAG_CLASS: Record<string, string> = {
  'break-glass': 'badge bad',
  denied: 'badge bad',
  'after-hours': 'badge warn',
  'outside-care-team': 'badge warn',
  'own-user-care-team': 'badge warn',
};

export const shortId = (id: string | null | undefined) => (id ? id.slice(0, 8) : '—');

/** Audit metadata only: who, which patient (by id), what, when, outcome — never clinical content. */
export function AuditEventsTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.seq')}</th>
            <th scope="col">{t('audit.columns.when')}</th>
            <th scope="col">{t('audit.columns.event')}</th>
            <th scope="col">{t('audit.columns.outcome')}</th>
            <th scope="col">{t('audit.columns.actor')}</th>
            <th scope="col">{t('audit.columns.patient')}</th>
            <th scope="col">{t('audit.columns.purpose')}</th>
            <th scope="col">{t('audit.columns.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td className="mono">{event.seq}</td>
              <td className="nowrap">{format.dateTime(event.recordedAt, { timeZone: 'UTC' })}</td>
              <td>
                <span className="mono">{event.type}</span>{' '}
                <span className="muted">
                  ({oneOf(ACTIONS, event.action) ? t(`audit.actions.${event.action}`) : event.action})
                </span>
              </td>
              <td>
                <span className={event.outcome === 'success' ? 'badge ok' : 'badge bad'}>
                  {oneOf(OUTCOMES, event.outcome) ? t(`audit.outcomes.${event.outcome}`) : event.outcome}
                </span>
              </td>
              <td>
                {event.actor.userId ? (
                  <Link
                    href={`~/audit?actorUserId=${event.actor.userId}`}
                    className="mono"
                    title={t('audit.allActivity', { id: event.actor.userId })}
                  >
                    {shortId(event.actor.userId)}
                  </Link>
                ) : (
                  t('audit.system')
                )}{' '}
                <span className="muted">{roleLabel(event.actor.role, t)}</span>
              </td>
              <td>
                {event.patientId ? (
                  <Link
                    href={`~/audit?patientId=${event.patientId}`}
                    className="mono"
                    title={t('audit.allAccess', { id: event.patientId })}
                  >
                    {shortId(event.patientId)}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {oneOf(PURPOSES, event.purposeOfUse)
                  ? t(`audit.purposes.${event.purposeOfUse}`)
                  : (event.purposeOfUse ?? '—')}
                {event.reason && <div className="muted">“{event.reason}”</div>}
              </td>
              <td>
                {event.flags.map((flag) => (
                  <span key={flag} className={FLAG_CLASS[flag] ?? 'badge'}>
                    {oneOf(FLAGS, flag) ? t(`audit.flags.${flag}`) : flag}
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
