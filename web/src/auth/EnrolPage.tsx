import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/http';

/** The code from the enrolment link (`/enrol#code=…`: a fragment, so it never reaches a server log). */
const codeFromLink = () => new URLSearchParams(window.location.hash.slice(1)).get('code') ?? '';

/**
 * A new user sets their own password with the one-time code their administrator handed over
 * (src/auth/enrolment.service.ts); no administrator ever chooses or learns it.
 */
export function EnrolPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState(codeFromLink);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (password !== confirm) return setError(t('enrol.mismatch'));
    setBusy(true);
    try {
      await api('/auth/enrol', { method: 'POST', body: { code: code.trim(), password } });
      window.history.replaceState(null, '', '/enrol'); // the spent code leaves the address bar
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'enrolment_invalid') setError(t('enrol.invalid'));
      else if (caught instanceof ApiError && caught.status < 500) setError(caught.message);
      else setError(t('login.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="enrol-title" noValidate>
        <h1 id="enrol-title">{t('enrol.title')}</h1>
        {done ? (
          <>
            <p className="notice" role="status">
              {t('enrol.done')}
            </p>
            <a className="button primary" href="/login">
              {t('enrol.signIn')}
            </a>
          </>
        ) : (
          <>
            <p className="muted">{t('enrol.intro')}</p>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <label htmlFor="enrol-code">{t('enrol.code')}</label>
            <input id="enrol-code" required value={code} onChange={(e) => setCode(e.target.value)} />
            <label htmlFor="enrol-password">{t('enrol.password')}</label>
            <input
              id="enrol-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <label htmlFor="enrol-confirm">{t('enrol.confirm')}</label>
            <input
              id="enrol-confirm"
              type="password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('enrol.submitting') : t('enrol.submit')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
