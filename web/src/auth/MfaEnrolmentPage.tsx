import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { ErrorMessage, Loading } from '../ui/Status';
import { useSession } from './session';

interface Enrolment {
  otpauthUri: string;
  qrDataUrl: string;
  secret: string;
}

/** First sign-in of a role that requires MFA: scan, confirm a code, keep the recovery codes. */
export function MfaEnrolmentPage() {
  const { logout } = useSession();
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const enrol = useMutation({ mutationFn: () => api<Enrolment>('/auth/mfa/enrol', { method: 'POST' }) });
  const confirm = useMutation({
    mutationFn: (value: string) =>
      api<{ recoveryCodes: string[] }>('/auth/mfa/confirm', { method: 'POST', body: { code: value } }),
  });
  const start = enrol.mutate;
  useEffect(() => start(), [start]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code);
  };

  return (
    <main className="login" id="main">
      <section className="card" style={{ maxWidth: 560 }} aria-labelledby="mfa-title">
        <h1 id="mfa-title">{t('mfa.title')}</h1>
        {confirm.data ? (
          <>
            <p>{t('mfa.done')}</p>
            <ul className="mono" aria-label={t('mfa.recoveryCodes')}>
              {confirm.data.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <button type="button" className="primary" onClick={() => void logout('enrolled')}>
              {t('mfa.continue')}
            </button>
          </>
        ) : enrol.isPending || enrol.isIdle ? (
          <Loading />
        ) : enrol.isError ? (
          <ErrorMessage error={enrol.error} />
        ) : (
          <form onSubmit={submit}>
            <p>{t('mfa.intro')}</p>
            <img src={enrol.data.qrDataUrl} alt={t('mfa.qrAlt')} width={180} height={180} />
            <p>
              {t('mfa.manualKey')} <code data-testid="mfa-secret">{enrol.data.secret}</code>
            </p>
            <label htmlFor="mfa-code">{t('mfa.codeLabel')}</label>
            <input
              id="mfa-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
            {confirm.isError && <ErrorMessage error={confirm.error} />}
            <div className="actions">
              <button type="submit" className="primary" disabled={code.length !== 6 || confirm.isPending}>
                {t('mfa.confirm')}
              </button>
              <button type="button" onClick={() => void logout()}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </section>
    </main>
  );
}
