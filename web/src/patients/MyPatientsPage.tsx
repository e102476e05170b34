import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { Patient } from '../api/types';
import { ageOn, formatCalendarDate } from '../ui/dates';
import { displayName, SEX_LABEL } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/Status';
import { usePatients } from './api';
import { BreakGlassDialog } from './BreakGlassDialog';
import { useRecentPatients } from './recent-patients';

function PatientTable({ patients, caption }: { patients: Patient[]; caption: string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">MRN</th>
          <th scope="col">Born</th>
          <th scope="col">Sex</th>
        </tr>
      </thead>
      <tbody>
        {patients.map((patient) => (
          <tr key={patient.id}>
            <td>
              <Link href={`/patients/${patient.id}`}>{displayName(patient.name)}</Link>
            </td>
            <td className="mono">{patient.mrn}</td>
            <td>
              {formatCalendarDate(patient.birthDate)} ({ageOn(patient.birthDate) ?? '?'} y)
            </td>
            <td>{SEX_LABEL[patient.sex] ?? patient.sex}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PatientSearch() {
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
      <h2 id="search-title">Find a patient</h2>
      <form className="inline-form" role="search" onSubmit={submit}>
        <label htmlFor="search-mode" className="visually-hidden">
          Search by
        </label>
        <select id="search-mode" value={mode} onChange={(e) => setMode(e.target.value as 'mrn' | 'q')}>
          <option value="mrn">MRN</option>
          <option value="q">Name</option>
        </select>
        <label htmlFor="search-input" className="visually-hidden">
          {mode === 'mrn' ? 'Medical record number' : 'Patient name'}
        </label>
        <input
          id="search-input"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          autoComplete="off"
          placeholder={mode === 'mrn' ? 'Medical record number' : 'Family or given name'}
          required
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <div aria-live="polite">
        {query !== null &&
          (search.isPending ? (
            <Loading label="Searching" />
          ) : search.isError ? (
            <ErrorMessage error={search.error} />
          ) : search.data.length === 0 ? (
            <>
              <p>
                No patient in your care found. Only patients you care for (or have emergency access to) are
                listed.
              </p>
              {query.mrn && (
                <div className="actions">
                  <button type="button" className="danger" onClick={() => setEmergency(true)}>
                    Emergency access by MRN…
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
            <PatientTable patients={search.data} caption="Search results" />
          ))}
      </div>
    </section>
  );
}

/** The care team's patients (and any under an active emergency grant). */
function CareTeamPatients() {
  const mine = usePatients({});
  return (
    <section aria-labelledby="mine-title" className="card">
      <h2 id="mine-title">In my care</h2>
      {mine.isPending ? (
        <Loading label="Loading your patients" />
      ) : mine.isError ? (
        <ErrorMessage error={mine.error} />
      ) : mine.data.length === 0 ? (
        <p className="muted">You are not in any patient&apos;s care team yet.</p>
      ) : (
        <PatientTable patients={mine.data} caption="Patients in my care" />
      )}
    </section>
  );
}

function RecentPatients() {
  const recent = useRecentPatients();
  if (recent.length === 0) return null;
  return (
    <section aria-labelledby="recent-title" className="card">
      <h2 id="recent-title">Recently opened</h2>
      <PatientTable patients={recent} caption="Recently opened patients" />
    </section>
  );
}

export function MyPatientsPage() {
  return (
    <section className="page">
      <h1>My patients</h1>
      <PatientSearch />
      <CareTeamPatients />
      <RecentPatients />
    </section>
  );
}
