import { useTranslation } from 'react-i18next';
import type { Entry, Patient } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { ageOn } from '../ui/dates';
import { displayName, sexKey } from '../ui/format';

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
  const { t } = useTranslation();
  const format = useFormat();
  const age = ageOn(patient.birthDate);
  const sex = sexKey(patient.sex);
  const allergies = allergiesOf(entries);
  return (
    <section className="patient-header" aria-label={t('header.summary')}>
      <h1>
        {displayName(patient.name) ?? t('patient.unnamed')}
        {patient.access === 'emergency' && (
          <span className="badge bad" title={t('header.emergencyTitle')}>
            {t('header.emergency')}
          </span>
        )}
      </h1>
      <dl>
        <div>
          <dt>{t('header.age')}</dt>
          <dd>{age === null ? '—' : t('patient.age', { age })}</dd>
        </div>
        <div>
          <dt>{t('header.born')}</dt>
          <dd>{format.calendarDate(patient.birthDate)}</dd>
        </div>
        <div>
          <dt>{t('header.sex')}</dt>
          <dd>{sex ? t(`patient.sex.${sex}`) : patient.sex}</dd>
        </div>
        <div>
          <dt>{t('header.mrn')}</dt>
          <dd className="mono">{patient.mrn}</dd>
        </div>
      </dl>
      <div className="allergies" role="group" aria-label={t('header.allergies')}>
        <strong>{t('header.allergiesLabel')}</strong>
        {allergies === undefined ? (
          <span className="none">{t('header.allergiesLoading')}</span>
        ) : allergies.length === 0 ? (
          <span className="none">{t('header.allergiesNone')}</span>
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
