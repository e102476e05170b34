import { useEffect, useState } from 'react';
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
  const [open, setOpen] = useState(false);
  return (
    <section className="page">
      <h1>Patient not available</h1>
      <p>This patient does not exist or you are not in their care team.</p>
      <p>In an emergency you can request time-limited access. Your reason is recorded and reviewed.</p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Break the glass…
      </button>
      <BreakGlassDialog patientId={patientId} open={open} onClose={() => setOpen(false)} />
    </section>
  );
}

export function PatientPage() {
  const params = useParams<{ id: string; tab?: string; entryId?: string }>();
  const me = useMe();
  const patient = usePatient(params.id);
  const timeline = useTimeline(params.id, patient.isSuccess);
  const tab = params.tab === 'trends' ? 'trends' : 'timeline';

  useEffect(() => {
    if (patient.data) {
      document.title = `${displayName(patient.data.name)} · Anamnesis`;
      labelGrant(params.id, displayName(patient.data.name));
      rememberPatient(patient.data);
    }
    return () => {
      document.title = 'Anamnesis';
    };
  }, [patient.data, params.id]);

  if (patient.isPending) return <Loading label="Opening record" />;
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
        <nav className="tabs" aria-label="Patient views">
          <Link href={base} aria-current={tab === 'timeline' ? 'page' : undefined}>
            Timeline
          </Link>
          <Link href={`${base}/trends`} aria-current={tab === 'trends' ? 'page' : undefined}>
            Lab trends
          </Link>
          {me.role === 'clinician' && <Link href={`${base}/reports/new`}>Draft report</Link>}
        </nav>
        {timeline.isPending ? (
          <Loading label="Loading timeline" />
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
              <p className="card muted">Select an entry to see its details, history and source.</p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
