import type { Entry, Patient } from '../api/types';
import { ageOn, formatCalendarDate } from '../ui/dates';
import { displayName, SEX_LABEL } from '../ui/format';

interface AllergyItem {
  substance: string;
  reaction?: string;
}

/** Allergies from the timeline's allergy entries (latest version of each, one per substance). */
export function allergiesOf(entries: Entry[] | undefined): AllergyItem[] | undefined {
  if (!entries) return undefined;
  const seen = new Map<string, AllergyItem>();
  for (const entry of entries) {
    if (entry.kind !== 'allergy') continue;
    const substance = typeof entry.body.substance === 'string' ? entry.body.substance : undefined;
    if (!substance) continue;
    const reaction = typeof entry.body.reaction === 'string' ? entry.body.reaction : undefined;
    if (!seen.has(substance.toLowerCase())) seen.set(substance.toLowerCase(), { substance, reaction });
  }
  return [...seen.values()];
}

/** Identity and allergies, pinned at the top of every patient view. */
export function PatientHeader({ patient, entries }: { patient: Patient; entries: Entry[] | undefined }) {
  const age = ageOn(patient.birthDate);
  const allergies = allergiesOf(entries);
  return (
    <section className="patient-header" aria-label="Patient summary">
      <h1>
        {displayName(patient.name)}
        {patient.access === 'emergency' && (
          <span className="badge bad" title="Opened by break-the-glass: every view is recorded and reviewed">
            Emergency access
          </span>
        )}
      </h1>
      <dl>
        <div>
          <dt>Age</dt>
          <dd>{age === null ? '—' : `${age} y`}</dd>
        </div>
        <div>
          <dt>Born</dt>
          <dd>{formatCalendarDate(patient.birthDate)}</dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{SEX_LABEL[patient.sex] ?? patient.sex}</dd>
        </div>
        <div>
          <dt>MRN</dt>
          <dd className="mono">{patient.mrn}</dd>
        </div>
      </dl>
      <div className="allergies" role="group" aria-label="Allergies">
        <strong>Allergies:</strong>
        {allergies === undefined ? (
          <span className="none">loading…</span>
        ) : allergies.length === 0 ? (
          <span className="none">none recorded</span>
        ) : (
          allergies.map((allergy) => (
            <span key={allergy.substance} className="allergy" title={allergy.reaction}>
              {allergy.substance}
              {allergy.reaction ? ` (${allergy.reaction})` : ''}
            </span>
          ))
        )}
      </div>
    </section>
  );
}
