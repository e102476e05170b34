import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ErrorMessage } from '../ui/Status';
import { fieldErrors, useRegisterPatient } from './write-api';

const FIELDS = ['mrn', 'name.family', 'name.given', 'birthDate', 'sex'] as const;
const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/** A new patient; the server validates (and names the field it refuses), the form shows it there. */
export function RegisterPatientPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const register = useRegisterPatient();
  const [form, setForm] = useState({ mrn: '', family: '', given: '', birthDate: '', sex: '' });
  const errors = fieldErrors(register.error, FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  // A refused registration puts the keyboard on the first field the server named.
  useEffect(() => {
    if (register.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [register.error]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const described = (field: string) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `reg-${field.replace('.', '-')}-error` } : {};
  const fieldError = (field: string) =>
    errors[field] && (
      <p id={`reg-${field.replace('.', '-')}-error`} className="error field-error">
        {errors[field]}
      </p>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(
      {
        mrn: form.mrn.trim(),
        name: { family: form.family.trim(), given: form.given.trim().split(/\s+/).filter(Boolean) },
        birthDate: form.birthDate,
        sex: form.sex,
      },
      { onSuccess: (patient) => navigate(`/patients/${patient.id}/write`) },
    );
  };
  return (
    <section className="page">
      <p>
        <Link href="/patients">{t('nav.myPatients')}</Link>
      </p>
      <h1>{t('workspace.register.title')}</h1>
      <form
        ref={formRef}
        className="card entry-form"
        onSubmit={submit}
        noValidate
        aria-labelledby="register-intro"
      >
        <p id="register-intro">{t('workspace.register.intro')}</p>
        <div className="field">
          <label htmlFor="reg-mrn">{t('workspace.register.mrn')}</label>
          <input
            id="reg-mrn"
            value={form.mrn}
            onChange={set('mrn')}
            required
            maxLength={64}
            {...described('mrn')}
          />
          {fieldError('mrn')}
        </div>
        <div className="field">
          <label htmlFor="reg-family">{t('workspace.register.family')}</label>
          <input
            id="reg-family"
            value={form.family}
            onChange={set('family')}
            required
            {...described('name.family')}
          />
          {fieldError('name.family')}
        </div>
        <div className="field">
          <label htmlFor="reg-given">{t('workspace.register.given')}</label>
          <input
            id="reg-given"
            value={form.given}
            onChange={set('given')}
            aria-describedby="reg-given-hint"
          />
          <p id="reg-given-hint" className="muted">
            {errors['name.given'] ?? t('workspace.register.givenHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="reg-birthDate">{t('workspace.register.birthDate')}</label>
          <input
            id="reg-birthDate"
            type="date"
            value={form.birthDate}
            onChange={set('birthDate')}
            required
            {...described('birthDate')}
          />
          {fieldError('birthDate')}
        </div>
        <div className="field">
          <label htmlFor="reg-sex">{t('workspace.register.sex')}</label>
          <select id="reg-sex" value={form.sex} onChange={set('sex')} required {...described('sex')}>
            <option value="">{t('workspace.write.choose')}</option>
            {SEXES.map((sex) => (
              <option key={sex} value={sex}>
                {t(`patient.sex.${sex}`)}
              </option>
            ))}
          </select>
          {fieldError('sex')}
        </div>
        {register.isError && (errors[''] !== undefined || Object.keys(errors).length === 0) && (
          <ErrorMessage error={register.error} />
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={register.isPending}>
            {register.isPending ? t('workspace.register.saving') : t('workspace.register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
