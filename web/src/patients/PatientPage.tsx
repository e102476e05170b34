import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { ApiError } from '../api/http';
import { useMe } from '../auth/session';
import { displayName } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/Status';
import { usePatient, useTimeline } from './api';
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

export function PatientPage() {
  const params = useParams<{ id: string; tab?: string; entryId?: string }>();
  const me = useMe();
  const { t } = useTranslation();
  const patient = usePatient(params.id);
  const timeline = useTimeline(params.id, patient.isSuccess);
  const tab = params.tab === 'trends' ? 'trends' : 'timeline';

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
          {me.role === 'clinician' && (
            <Link href={`${base}/reports/new`}>{t('patientPage.draftReport')}</Link>
          )}
        </nav>
        {timeline.isPending ? (
          <Loading label={t('patientPage.loadingTimeline')} />
        ) : timeline.isError ? (
          <ErrorMessage error={timeline.error} />
        ) : tab === 'trends' ? (
          <LabTrends entries={timeline.data} />
        ) : (
          <div className="patient-grid">
            <Timeline patientId={params.id} entries={timeline.data} selectedId={params.entryId} />
            {params.entryId ? (
              <EntryDetail key={params.entryId} entryId={params.entryId} />
            ) : (
              <p className="card muted">{t('patientPage.selectEntry')}</p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
