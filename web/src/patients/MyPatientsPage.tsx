import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Patient } from '../api/types';
import { ageOn, displayName, formatDate, SEX_LABEL } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/Status';
import { usePatients } from './api';

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
              {formatDate(patient.birthDate)} ({ageOn(patient.birthDate) ?? '?'} y)
            </td>
            <td>{SEX_LABEL[patient.sex] ?? patient.sex}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MrnSearch() {
  const [input, setInput] = useState('');
  const [mrn, setMrn] = useState('');
  const search = usePatients({ mrn }, mrn !== '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMrn(input.trim());
  };
  return (
    <section aria-labelledby="search-title" className="card">
      <h2 id="search-title">Find by MRN</h2>
      <form className="inline-form" role="search" onSubmit={submit}>
        <label htmlFor="mrn">Medical record number</label>
        <input
          id="mrn"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          autoComplete="off"
          required
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <div aria-live="polite">
        {mrn !== '' &&
          (search.isPending ? (
            <Loading label="Searching" />
          ) : search.isError ? (
            <ErrorMessage error={search.error} notFound="No patient with that MRN." />
          ) : search.data.length === 0 ? (
            <p>No patient with that MRN.</p>
          ) : (
            <PatientTable patients={search.data} caption="Search results" />
          ))}
      </div>
    </section>
  );
}

export function MyPatientsPage() {
  const mine = usePatients({});
  return (
    <section className="page">
      <h1>My patients</h1>
      <MrnSearch />
      <section aria-labelledby="care-team-title" className="card">
        <h2 id="care-team-title">In my care team</h2>
        {mine.isPending ? (
          <Loading />
        ) : mine.isError ? (
          <ErrorMessage error={mine.error} />
        ) : mine.data.length === 0 ? (
          <p>You are not in the care team of any patient yet.</p>
        ) : (
          <PatientTable patients={mine.data} caption="Patients in my care team" />
        )}
      </section>
    </section>
  );
}
