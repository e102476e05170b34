import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { useSession } from './session';

/**
 * A refused sign-in never says whether the password was right and only a code was missing (that would
 * be a password oracle, src/auth/login.service.ts): after any refusal, offer the code field as well.
 */
export const mayNeedTotp = (error: unknown) =>
  error instanceof ApiError && error.status === 401 && error.code === 'invalid_credentials';

export function LoginPage({ reason }: { reason?: 'idle' | 'expired' | 'logout' | 'enrolled' }) {
  const { login } = useSession();
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [offerCode, setOfferCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const totpInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (offerCode) totpInput.current?.focus();
  }, [offerCode]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password, ...(offerCode && totp ? { totp } : {}) });
    } catch (caught) {
      if (mayNeedTotp(caught)) setOfferCode(true);
      if (caught instanceof ApiError && caught.status === 429) setError(t('login.tooManyAttempts'));
      else if (caught instanceof ApiError && caught.status < 500)
        setError(offerCode ? t('login.notRecognisedWithCode') : t('login.notRecognised'));
      else setError(t('login.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <div className="login-language">
          <LanguagePicker />
        </div>
        <h1 id="login-title">{t('app.name')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {reason && !error && (
          <p className="notice" role="status">
            {t(`login.reasons.${reason}`)}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor="email">{t('login.email')}</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">{t('login.password')}</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {offerCode && (
          <>
            <label htmlFor="totp">{t('login.code')}</label>
            <input
              id="totp"
              ref={totpInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              aria-describedby="totp-hint"
              maxLength={19}
              value={totp}
              onChange={(e) => setTotp(e.target.value.trim())}
            />
            <p id="totp-hint" className="muted">
              {t('login.codeHint')}
            </p>
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.signingIn') : offerCode ? t('login.verify') : t('login.signIn')}
        </button>
      </form>
    </main>
  );
}
