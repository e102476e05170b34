import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Patient } from '../api/types';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n/use-format';
import { ageOn } from '../ui/dates';
import { displayName, sexKey } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/Status';
import { usePatients } from './api';
import { BreakGlassDialog } from './BreakGlassDialog';
import { useRecentPatients } from './recent-patients';

function PatientTable({ patients, caption }: { patients: Patient[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('myPatients.columns.name')}</th>
          <th scope="col">{t('myPatients.columns.mrn')}</th>
          <th scope="col">{t('myPatients.columns.born')}</th>
          <th scope="col">{t('myPatients.columns.sex')}</th>
        </tr>
      </thead>
      <tbody>
        {patients.map((patient) => {
          const age = ageOn(patient.birthDate);
          const sex = sexKey(patient.sex);
          return (
            <tr key={patient.id}>
              <td>
                <Link href={`/patients/${patient.id}`}>
                  {displayName(patient.name) ?? t('patient.unnamed')}
                </Link>
              </td>
              <td className="mono">{patient.mrn}</td>
              <td>
                {t('myPatients.bornAge', {
                  date: format.calendarDate(patient.birthDate),
                  age: age === null ? '?' : t('patient.age', { age }),
                })}
              </td>
              <td>{sex ? t(`patient.sex.${sex}`) : patient.sex}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PatientSearch() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [emergency, setEmergency] = useState(false);
  const [mode, setMode] = useState<'mrn' | 'q'>('mrn');
  const [input, setInput] = useState('');
  const [query, setQuery] = useState<{ mrn?: string; q?: string } | null>(null);
  const search = usePatients(query ?? {}, query !== null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = input.trim();
    if (value) setQuery(mode === 'mrn' ? { mrn: value } : { q: value });
  };
  return (
    <section aria-labelledby="search-title" className="card">
      <h2 id="search-title">{t('myPatients.find')}</h2>
      <form className="inline-form" role="search" onSubmit={submit}>
        <label htmlFor="search-mode" className="visually-hidden">
          {t('myPatients.searchBy')}
        </label>
        <select id="search-mode" value={mode} onChange={(e) => setMode(e.target.value as 'mrn' | 'q')}>
          <option value="mrn">{t('myPatients.byMrn')}</option>
          <option value="q">{t('myPatients.byName')}</option>
        </select>
        <label htmlFor="search-input" className="visually-hidden">
          {mode === 'mrn' ? t('myPatients.mrnLabel') : t('myPatients.nameLabel')}
        </label>
        <input
          id="search-input"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          autoComplete="off"
          placeholder={mode === 'mrn' ? t('myPatients.mrnLabel') : t('myPatients.namePlaceholder')}
          required
        />
        <button type="submit" className="primary">
          {t('common.search')}
        </button>
      </form>
      <div aria-live="polite">
        {query !== null &&
          (search.isPending ? (
            <Loading label={t('myPatients.searching')} />
          ) : search.isError ? (
            <ErrorMessage error={search.error} />
          ) : search.data.length === 0 ? (
            <>
              <p>{t('myPatients.noneFound')}</p>
              {query.mrn && (
                <div className="actions">
                  <button type="button" className="danger" onClick={() => setEmergency(true)}>
                    {t('myPatients.emergencyByMrn')}
                  </button>
                  <BreakGlassDialog
                    mrn={query.mrn}
                    open={emergency}
                    onClose={() => setEmergency(false)}
                    onGranted={(patientId) => navigate(`/patients/${patientId}`)}
                  />
                </div>
              )}
            </>
          ) : (
            <PatientTable patients={search.data} caption={t('myPatients.searchResults')} />
          ))}
      </div>
    </section>
  );
}

/** The care team's patients (and any under an active emergency grant). */
function CareTeamPatients() {
  const { t } = useTranslation();
  const mine = usePatients({});
  return (
    <section aria-labelledby="mine-title" className="card">
      <h2 id="mine-title">{t('myPatients.inMyCare')}</h2>
      {mine.isPending ? (
        <Loading label={t('myPatients.loadingMine')} />
      ) : mine.isError ? (
        <ErrorMessage error={mine.error} />
      ) : mine.data.length === 0 ? (
        <p className="muted">{t('myPatients.noCareTeam')}</p>
      ) : (
        <PatientTable patients={mine.data} caption={t('myPatients.mineCaption')} />
      )}
    </section>
  );
}

function RecentPatients() {
  const { t } = useTranslation();
  const recent = useRecentPatients();
  if (recent.length === 0) return null;
  return (
    <section aria-labelledby="recent-title" className="card">
      <h2 id="recent-title">{t('myPatients.recent')}</h2>
      <PatientTable patients={recent} caption={t('myPatients.recentCaption')} />
    </section>
  );
}

export function MyPatientsPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="page">
      <h1>{t('myPatients.title')}</h1>
      {me.role === 'clinician' && (
        <p>
          <Link href="/patients/new">{t('workspace.register.link')}</Link>
        </p>
      )}
      <PatientSearch />
      <CareTeamPatients />
      <RecentPatients />
    </section>
  );
}
