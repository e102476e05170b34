import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { Citation } from '../api/types';
import { EntryDetail } from '../patients/EntryDetail';
import { PatientHeader } from '../patients/PatientHeader';
import { usePatient, useTimeline } from '../patients/api';
import { Dialog } from '../ui/Dialog';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { downloadReport, useEditReport, useReport, useSignReport } from './api';
import { numberCitations } from './citations';
import { MemoryTraceView } from './MemoryTrace';
import { PrintedSources } from './PrintedSources';
import { ReportSectionView } from './ReportSectionView';

function PatientContext({ patientId }: { patientId: string }) {
  const patient = usePatient(patientId);
  const timeline = useTimeline(patientId, patient.isSuccess);
  return patient.data ? <PatientHeader patient={patient.data} entries={timeline.data} /> : null;
}

export default function ReportPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const format = useFormat();
  const report = useReport(id);
  const edit = useEditReport(id);
  const sign = useSignReport(id);
  const [source, setSource] = useState<Citation | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [confirmSign, setConfirmSign] = useState(false);

  if (report.isPending) return <Loading label={t('report.loading')} />;
  if (report.isError)
    return (
      <section className="page">
        <ErrorMessage error={report.error} notFound={t('report.notAvailable')} />
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
        <p className="no-print">
          <Link href={`/patients/${data.patientId}`}>{t('common.backToRecord')}</Link>
        </p>
        <h1>{data.question}</h1>
        <p>
          <span className={draft ? 'badge warn' : 'badge ok'}>
            {draft ? t('report.draft') : t('report.signed')}
          </span>{' '}
          {draft
            ? `${t('report.notSigned')} ${
                data.unsupportedCount === 0
                  ? t('report.allSupported')
                  : t('report.unsupportedCount', { count: data.unsupportedCount })
              }`
            : t('report.signedOn', {
                name: data.signedByName ?? '—',
                when: format.dateTime(data.signedAt ?? ''),
              })}{' '}
          {t('report.author', { name: data.createdByName ?? '—' })}{' '}
          <span className="muted">
            {t('report.generator', {
              generator: data.generator,
              fallback: data.fallbackReason ? ` (${data.fallbackReason})` : '',
              revision: data.revision,
            })}
          </span>
        </p>
        <div className="report-layout">
          <article className="card" aria-label={t('report.label')}>
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
            <PrintedSources report={data} numbers={numbers} />
            {edit.isError && <ErrorMessage error={edit.error} />}
            {sign.isError && <ErrorMessage error={sign.error} />}
            {exportError !== null && <ErrorMessage error={exportError} />}
            {draft && data.unsupportedCount > 0 && (
              <p id="sign-blocked" className="unsupported-reason">
                {t('report.signBlocked', { count: data.unsupportedCount })}
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
                  {t('report.sign')}
                </button>
              )}
              {draft && (
                <button
                  type="button"
                  disabled={edit.isPending}
                  onClick={() => edit.mutate(data.sections.filter((section) => section.sentences.length > 0))}
                >
                  {t('workspace.reports.reverify')}
                </button>
              )}
              <button type="button" onClick={() => window.print()}>
                {t('workspace.reports.print')}
              </button>
              <button type="button" onClick={() => exportAs('pdf')}>
                {t('report.exportPdf')}
              </button>
              <button type="button" onClick={() => exportAs('text')}>
                {t('report.exportText')}
              </button>
            </div>
          </article>
          <MemoryTraceView patientId={data.patientId} trace={data.trace} />
          <Dialog open={confirmSign} title={t('report.confirmTitle')} onClose={() => setConfirmSign(false)}>
            <p>{t('report.confirmBody')}</p>
            <div className="actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setConfirmSign(false);
                  sign.mutate();
                }}
              >
                {t('report.confirm')}
              </button>
              <button type="button" onClick={() => setConfirmSign(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </Dialog>
          <aside aria-label={t('report.citedSource')}>
            {source ? (
              <EntryDetail
                key={`${source.entryId}-${source.start}`}
                entryId={source.entryId}
                quote={source.quote}
              />
            ) : (
              <p className="card muted">{t('report.selectCitation')}</p>
            )}
          </aside>
        </div>
      </div>
    </>
  );
}
