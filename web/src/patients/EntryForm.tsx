import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../api/types';
import { ErrorMessage } from '../ui/Status';
import { kindLabel } from './entry-text';
import {
  bodyOf,
  ENTRY_FIELDS,
  instantOf,
  localInputOf,
  valuesOf,
  WRITABLE_KINDS,
  type FieldSpec,
} from './entry-fields';
import { fieldErrors, useWriteEntry } from './write-api';

function Field({
  spec,
  id,
  value,
  error,
  onChange,
}: {
  spec: FieldSpec;
  id: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const common = {
    id,
    value,
    required: spec.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  const label = t(`workspace.write.fields.${spec.name}` as 'workspace.write.fields.text');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {spec.required && <span className="muted"> ({t('workspace.write.required')})</span>}
      </label>
      {spec.type === 'textarea' ? (
        <textarea {...common} maxLength={spec.maxLength} onChange={(e) => onChange(e.target.value)} />
      ) : spec.type === 'select' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('workspace.write.choose')}</option>
          {spec.options?.map((option) => (
            <option key={option} value={option}>
              {spec.raw ? option : t(`workspace.write.options.${option}` as 'workspace.write.options.active')}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={spec.type === 'date' ? 'date' : 'text'}
          maxLength={spec.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Adds an entry of any kind, or (given `entry`) amends it: the server keeps the old version. */
export function EntryForm({
  patientId,
  entry,
  onSaved,
}: {
  patientId: string;
  entry?: Entry;
  onSaved?: (entry: Entry) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>(entry?.kind ?? 'note');
  const [values, setValues] = useState(() => (entry ? valuesOf(entry.kind, entry.body) : {}));
  const initialWhen = entry ? localInputOf(entry.occurredAt) : localInputOf(new Date().toISOString());
  const [when, setWhen] = useState(initialWhen);
  const write = useWriteEntry(patientId, entry?.id);
  const specs = ENTRY_FIELDS[kind] ?? [];
  const errors = fieldErrors(write.error, [...specs.map((s) => s.name), 'occurredAt', 'kind']);
  const prefix = entry ? 'amend' : 'add';
  const form = useRef<HTMLFormElement>(null);
  // A refused save puts the keyboard on the first field the server named.
  useEffect(() => {
    if (write.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [write.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate(
      {
        kind,
        occurredAt: entry && when === initialWhen ? undefined : instantOf(when),
        body: bodyOf(kind, values, entry?.kind === kind ? entry.body : {}),
      },
      { onSuccess: (saved) => onSaved?.(saved) },
    );
  };
  const fieldCount = Object.keys(errors).filter(Boolean).length;
  return (
    <form
      ref={form}
      className="card entry-form"
      onSubmit={submit}
      aria-labelledby={`${prefix}-form-heading`}
      noValidate
    >
      <h2 id={`${prefix}-form-heading`}>
        {entry ? t('workspace.write.amendTitle') : t('workspace.write.title')}
      </h2>
      {!entry && (
        <div className="field">
          <label htmlFor={`${prefix}-kind`}>{t('workspace.write.kind')}</label>
          <select
            id={`${prefix}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              write.reset();
            }}
          >
            {WRITABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k, t)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-occurredAt`}>{t('workspace.write.occurredAt')}</label>
        <input
          id={`${prefix}-occurredAt`}
          type="datetime-local"
          value={when}
          required
          aria-describedby={`${prefix}-occurredAt-hint`}
          aria-invalid={errors.occurredAt ? true : undefined}
          onChange={(e) => setWhen(e.target.value)}
        />
        <p id={`${prefix}-occurredAt-hint`} className="muted">
          {errors.occurredAt ?? t('workspace.write.occurredAtHint')}
        </p>
      </div>
      {specs.map((spec) => (
        <Field
          key={`${kind}-${spec.name}`}
          spec={spec}
          id={`${prefix}-${spec.name}`}
          value={values[spec.name] ?? ''}
          error={errors[spec.name]}
          onChange={(value) => setValues((v) => ({ ...v, [spec.name]: value }))}
        />
      ))}
      {fieldCount > 0 && (
        <p className="error" role="alert">
          {t('workspace.write.fixFields', { count: fieldCount })}
        </p>
      )}
      {write.isError && (errors[''] !== undefined || fieldCount === 0) && (
        <ErrorMessage error={write.error} />
      )}
      {write.isSuccess && (
        <p role="status" className="ok">
          {t('workspace.write.saved', { version: write.data.version })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending
            ? t('workspace.write.saving')
            : entry
              ? t('workspace.write.saveAmend')
              : t('workspace.write.save')}
        </button>
      </div>
    </form>
  );
}
