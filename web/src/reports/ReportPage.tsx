import { useState } from 'react';
import { Link, useParams } from 'wouter';
import type { Citation } from '../api/types';
import { EntryDetail } from '../patients/EntryDetail';
import { PatientHeader } from '../patients/PatientHeader';
import { usePatient, useTimeline } from '../patients/api';
import { Dialog } from '../ui/Dialog';
import { formatDateTime } from '../ui/dates';
import { ErrorMessage, Loading } from '../ui/Status';
import { downloadReport, useEditReport, useReport, useSignReport } from './api';
import { numberCitations } from './citations';
import { ReportSectionView } from './ReportSectionView';

function PatientContext({ patientId }: { patientId: string }) {
  const patient = usePatient(patientId);
  const timeline = useTimeline(patientId, patient.isSuccess);
  return patient.data ? <PatientHeader patient={patient.data} entries={timeline.data} /> : null;
}

export default function ReportPage() {
  const { id } = useParams<{ id: string }>();
  const report = useReport(id);
  const edit = useEditReport(id);
  const sign = useSignReport(id);
  const [source, setSource] = useState<Citation | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [confirmSign, setConfirmSign] = useState(false);

  if (report.isPending) return <Loading label="Loading report" />;
  if (report.isError)
    return (
      <section className="page">
        <ErrorMessage error={report.error} notFound="This report is not available." />
      </section>
    );
  const data = report.data;
  const numbers = numberCitations(data);
  const draft = data.status === 'draft';
  const exportAs = (format: 'pdf' | 'text' | 'markdown') => {
    setExportError(null);
    downloadReport(id, format).catch(setExportError);
  };

  return (
    <>
      <PatientContext patientId={data.patientId} />
      <div className="page">
        <p>
          <Link href={`/patients/${data.patientId}`}>← Back to the record</Link>
        </p>
        <h1>{data.question}</h1>
        <p>
          <span className={draft ? 'badge warn' : 'badge ok'}>{draft ? 'Draft' : 'Signed'}</span>{' '}
          {draft
            ? `Not yet signed. ${
                data.unsupportedCount === 0
                  ? 'Every sentence is supported by its citations.'
                  : `${data.unsupportedCount} sentence${data.unsupportedCount === 1 ? '' : 's'} not supported by the record.`
              }`
            : `on ${formatDateTime(data.signedAt ?? '')}; no further edits.`}{' '}
          <span className="muted">
            Generator: {data.generator}
            {data.fallbackReason ? ` (${data.fallbackReason})` : ''} · revision {data.revision}
          </span>
        </p>
        <div className="report-layout">
          <article className="card" aria-label="Report">
            {data.sections.map((section) => (
              <ReportSectionView
                key={section.key}
                section={section}
                numbers={numbers}
                editable={draft}
                saving={edit.isPending}
                onOpen={setSource}
                onSave={(sentences) => edit.mutateAsync([{ key: section.key, sentences }])}
              />
            ))}
            {edit.isError && <ErrorMessage error={edit.error} />}
            {sign.isError && <ErrorMessage error={sign.error} />}
            {exportError !== null && <ErrorMessage error={exportError} />}
            {draft && data.unsupportedCount > 0 && (
              <p id="sign-blocked" className="unsupported-reason">
                Edit or remove the {data.unsupportedCount} unsupported sentence
                {data.unsupportedCount === 1 ? '' : 's'} before signing (clear a sentence&apos;s text to
                remove it).
              </p>
            )}
            <div className="actions">
              {draft && (
                <button
                  type="button"
                  className="primary"
                  disabled={sign.isPending || data.unsupportedCount > 0}
                  aria-describedby={data.unsupportedCount > 0 ? 'sign-blocked' : undefined}
                  onClick={() => setConfirmSign(true)}
                >
                  Sign report
                </button>
              )}
              <button type="button" onClick={() => exportAs('pdf')}>
                Export PDF
              </button>
              <button type="button" onClick={() => exportAs('text')}>
                Export text
              </button>
            </div>
          </article>
          <Dialog open={confirmSign} title="Sign this report?" onClose={() => setConfirmSign(false)}>
            <p>Signing records you as the author and freezes the report; it cannot be edited afterwards.</p>
            <div className="actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setConfirmSign(false);
                  sign.mutate();
                }}
              >
                Sign
              </button>
              <button type="button" onClick={() => setConfirmSign(false)}>
                Cancel
              </button>
            </div>
          </Dialog>
          <aside aria-label="Cited source">
            {source ? (
              <EntryDetail
                key={`${source.entryId}-${source.start}`}
                entryId={source.entryId}
                quote={source.quote}
              />
            ) : (
              <p className="card muted">
                Select a citation number to read the cited entry with the quoted passage highlighted.
              </p>
            )}
          </aside>
        </div>
      </div>
    </>
  );
}
