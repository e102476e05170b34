import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ui/Status';
import { downloadExport, type AuditFilter } from './api';

export function ExportsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [format, setFormat] = useState<'csv' | 'fhir'>('csv');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    await downloadExport(format, filter)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="page">
      <h1>{t('exports.title')}</h1>
      <form className="card" onSubmit={submit}>
        <p>{t('exports.intro')}</p>
        <div className="filters">
          <div>
            <label htmlFor="export-from">{t('audit.from')}</label>
            <input
              id="export-from"
              type="date"
              value={filter.from ?? ''}
              onChange={(e) => setFilter({ ...filter, from: e.target.value || undefined })}
            />
          </div>
          <div>
            <label htmlFor="export-to">{t('audit.to')}</label>
            <input
              id="export-to"
              type="date"
              value={filter.to ?? ''}
              onChange={(e) => setFilter({ ...filter, to: e.target.value || undefined })}
            />
          </div>
          <div>
            <label htmlFor="export-patient">{t('exports.patientOptional')}</label>
            <input
              id="export-patient"
              className="mono"
              value={filter.patientId ?? ''}
              onChange={(e) => setFilter({ ...filter, patientId: e.target.value || undefined })}
            />
          </div>
          <fieldset style={{ border: 'none', padding: 0 }}>
            <legend style={{ fontWeight: 600 }}>{t('exports.format')}</legend>
            <label style={{ fontWeight: 400, display: 'inline', marginRight: '1rem' }}>
              <input
                type="radio"
                name="format"
                checked={format === 'csv'}
                onChange={() => setFormat('csv')}
              />{' '}
              CSV
            </label>
            <label style={{ fontWeight: 400, display: 'inline' }}>
              <input
                type="radio"
                name="format"
                checked={format === 'fhir'}
                onChange={() => setFormat('fhir')}
              />{' '}
              FHIR NDJSON
            </label>
          </fieldset>
        </div>
        {error !== null && <ErrorMessage error={error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('exports.preparing') : t('exports.download')}
          </button>
        </div>
      </form>
    </section>
  );
}
