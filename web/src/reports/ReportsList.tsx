import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n/use-format';
import { usePatientReports } from './api';
import { ErrorMessage, Loading } from '../ui/Status';

/** A patient's reports, newest first: drafts can be found again, signed ones reread and printed. */
export function ReportsList({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const reports = usePatientReports(patientId);
  if (reports.isPending) return <Loading label={t('workspace.reports.loading')} />;
  if (reports.isError) return <ErrorMessage error={reports.error} />;
  const items = [...reports.data].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('workspace.reports.title')}</h2>
      {items.length === 0 ? (
        <p className="card muted">{t('workspace.reports.none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('workspace.reports.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.reports.question')}</th>
              <th scope="col">{t('workspace.reports.status')}</th>
              <th scope="col">{t('workspace.reports.author')}</th>
              <th scope="col">{t('workspace.reports.date')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((report) => (
              <tr key={report.id}>
                <td>
                  <Link href={`/reports/${report.id}`}>{report.question}</Link>
                </td>
                <td>
                  <span className={report.status === 'draft' ? 'badge warn' : 'badge ok'}>
                    {report.status === 'draft' ? t('report.draft') : t('report.signed')}
                  </span>
                </td>
                <td className={report.createdById === me.id ? undefined : 'mono'}>
                  {report.createdById === me.id
                    ? t('workspace.reports.you')
                    : t('workspace.reports.user', { id: report.createdById.slice(0, 8) })}
                </td>
                <td>{format.dateTime(report.signedAt ?? report.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
