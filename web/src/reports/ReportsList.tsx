import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n/use-format';
import { usePatientReports, type ReportStatusFilter } from './api';
import { ErrorMessage, Loading } from '../ui/Status';

const STATUSES: ReportStatusFilter[] = ['', 'draft', 'signed'];

/** A patient's reports, newest first: drafts can be found again, signed ones reread and printed. */
export function ReportsList({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const [status, setStatus] = useState<ReportStatusFilter>('');
  const reports = usePatientReports(patientId, status);
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('workspace.reports.title')}</h2>
      <div className="filters">
        <div>
          <label htmlFor="reports-status">{t('workspace.reports.status')}</label>
          <select
            id="reports-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReportStatusFilter)}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`workspace.reports.statuses.${value || 'any'}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {reports.isPending ? (
        <Loading label={t('workspace.reports.loading')} />
      ) : reports.isError ? (
        <ErrorMessage error={reports.error} />
      ) : items.length === 0 ? (
        <p className="card muted">{t(status ? 'workspace.reports.noMatch' : 'workspace.reports.none')}</p>
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
                <td>
                  {report.createdById === me.id
                    ? t('workspace.reports.you', { name: report.createdByName ?? me.email })
                    : (report.createdByName ?? t('workspace.reports.unknownUser'))}
                </td>
                <td>{format.dateTime(report.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reports.hasNextPage && (
        <div className="actions">
          <button
            type="button"
            onClick={() => void reports.fetchNextPage()}
            disabled={reports.isFetchingNextPage}
          >
            {reports.isFetchingNextPage ? t('workspace.reports.loadingMore') : t('workspace.reports.more')}
          </button>
        </div>
      )}
    </section>
  );
}
