import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'wouter';
import { ApiError } from '../api/http';
import { useMe } from '../auth/session';
import { displayName } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/Status';
import { useEntry, usePatient, useTimeline } from './api';
import { AskBox, AskRecord } from './AskRecord';
import { EntryForm } from './EntryForm';
import { ReportsList } from '../reports/ReportsList';
import { labelGrant } from './break-glass-store';
import { rememberPatient } from './recent-patients';
import { BreakGlassDialog } from './BreakGlassDialog';
import { EntryDetail } from './EntryDetail';
import { LabTrends } from './LabTrends';
import { PatientHeader } from './PatientHeader';
import { Timeline } from './Timeline';

function NoAccess({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className="page">
      <h1>{t('patientPage.notAvailable')}</h1>
      <p>{t('patientPage.notInCareTeam')}</p>
      <p>{t('patientPage.emergencyHint')}</p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {t('patientPage.breakGlass')}
      </button>
      <BreakGlassDialog patientId={patientId} open={open} onClose={() => setOpen(false)} />
    </section>
  );
}

const TABS = ['timeline', 'trends', 'write', 'ask', 'reports'] as const;
type Tab = (typeof TABS)[number];

/** The selected entry and, on request, the form that amends it (a new version; the old ones stay listed). */
function EntryPane({ patientId, entryId }: { patientId: string; entryId: string }) {
  const { t } = useTranslation();
  const entry = useEntry(entryId);
  const [amending, setAmending] = useState(false);
  return (
    <div className="entry-pane">
      <EntryDetail entryId={entryId} />
      {entry.data && !amending && (
        <div className="actions">
          <button type="button" onClick={() => setAmending(true)}>
            {t('workspace.write.amend')}
          </button>
        </div>
      )}
      {entry.data && amending && (
        <EntryForm patientId={patientId} entry={entry.data} onSaved={() => setAmending(false)} />
      )}
    </div>
  );
}

export function PatientPage() {
  const params = useParams<{ id: string; tab?: string; entryId?: string }>();
  const me = useMe();
  const { t } = useTranslation();
  const patient = usePatient(params.id);
  const timeline = useTimeline(params.id, patient.isSuccess);
  const tab: Tab = TABS.find((name) => name === params.tab) ?? 'timeline';
  const [, navigate] = useLocation();

  useEffect(() => {
    if (patient.data) {
      const name = displayName(patient.data.name) ?? t('patient.unnamed');
      document.title = `${name} · ${t('app.name')}`;
      labelGrant(params.id, name);
      rememberPatient(patient.data);
    }
    return () => {
      document.title = t('app.name');
    };
  }, [patient.data, params.id, t]);

  if (patient.isPending) return <Loading label={t('patientPage.opening')} />;
  if (patient.isError) {
    if (patient.error instanceof ApiError && patient.error.status === 404)
      return <NoAccess patientId={params.id} />;
    return (
      <section className="page">
        <ErrorMessage error={patient.error} />
      </section>
    );
  }
  const base = `/patients/${params.id}`;
  return (
    <>
      <PatientHeader patient={patient.data} entries={timeline.data} />
      <div className="page">
        <nav className="tabs" aria-label={t('patientPage.views')}>
          <Link href={base} aria-current={tab === 'timeline' ? 'page' : undefined}>
            {t('patientPage.timeline')}
          </Link>
          <Link href={`${base}/trends`} aria-current={tab === 'trends' ? 'page' : undefined}>
            {t('patientPage.trends')}
          </Link>
          <Link href={`${base}/write`} aria-current={tab === 'write' ? 'page' : undefined}>
            {t('workspace.write.tab')}
          </Link>
          <Link href={`${base}/ask`} aria-current={tab === 'ask' ? 'page' : undefined}>
            {t('workspace.ask.tab')}
          </Link>
          <Link href={`${base}/reports`} aria-current={tab === 'reports' ? 'page' : undefined}>
            {t('workspace.reports.tab')}
          </Link>
          {me.role === 'clinician' && (
            <Link href={`${base}/reports/new`}>{t('patientPage.draftReport')}</Link>
          )}
          {tab !== 'ask' && <AskBox patientId={params.id} />}
        </nav>
        {tab === 'ask' ? (
          <AskRecord patientId={params.id} />
        ) : tab === 'reports' ? (
          <ReportsList patientId={params.id} />
        ) : tab === 'write' ? (
          <EntryForm patientId={params.id} onSaved={(entry) => navigate(`${base}/entries/${entry.id}`)} />
        ) : timeline.isPending ? (
          <Loading label={t('patientPage.loadingTimeline')} />
        ) : timeline.isError ? (
          <ErrorMessage error={timeline.error} />
        ) : tab === 'trends' ? (
          <LabTrends entries={timeline.data} />
        ) : (
          <div className="patient-grid">
            <Timeline patientId={params.id} entries={timeline.data} selectedId={params.entryId} />
            {params.entryId ? (
              <EntryPane key={params.entryId} patientId={params.id} entryId={params.entryId} />
            ) : (
              <p className="card muted">{t('patientPage.selectEntry')}</p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
