import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { AuditFlag } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { useAuditEvents, useVolumeAnomalies } from './api';
import { AuditEventsTable, shortId } from './AuditEventsTable';

const FLAGGED: AuditFlag[] = [
  'break-glass',
  'outside-care-team',
  'own-user-care-team',
  'after-hours',
  'denied',
];

function FlaggedEvents({ flag }: { flag: AuditFlag }) {
  const { t } = useTranslation();
  const title = t(`anomalies.flagged.${flag}.title`);
  const events = useAuditEvents({ flag });
  const first = events.data?.pages[0];
  return (
    <section className="card" aria-labelledby={`flag-${flag}`}>
      <h2 id={`flag-${flag}`}>
        {title} <span className="badge">{first?.total ?? '…'}</span>
      </h2>
      <p className="muted">
        {t(`anomalies.flagged.${flag}.why`)}{' '}
        <Link href={`~/audit?flag=${flag}`}>{t('anomalies.openInSearch')}</Link>
      </p>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : first!.items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <AuditEventsTable events={first!.items.slice(0, 10)} caption={title} />
      )}
    </section>
  );
}

export function AnomaliesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const volume = useVolumeAnomalies();
  return (
    <section className="page">
      <h1>{t('anomalies.title')}</h1>
      <section className="card" aria-labelledby="volume-title">
        <h2 id="volume-title">{t('anomalies.volume')}</h2>
        <p className="muted">{t('anomalies.volumeWhy')}</p>
        {volume.isPending ? (
          <Loading />
        ) : volume.isError ? (
          <ErrorMessage error={volume.error} />
        ) : volume.data.volume.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('anomalies.user')}</th>
                <th scope="col">{t('anomalies.day')}</th>
                <th scope="col">{t('anomalies.distinct')}</th>
                <th scope="col">{t('anomalies.usual')}</th>
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
                  <td>{format.calendarDate(row.day)}</td>
                  <td>{format.number(row.distinctPatients)}</td>
                  <td>{format.number(row.baseline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {FLAGGED.map((flag) => (
        <FlaggedEvents key={flag} flag={flag} />
      ))}
    </section>
  );
}
