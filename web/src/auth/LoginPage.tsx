import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { useSession } from './session';

/**
 * A refused sign-in never says whether the password was right and only a code was missing (that would
 * be a password oracle, src/auth/login.service.ts): after any refusal, offer the code field as well.
 */
export const mayNeedTotp = (error: unknown) =>
  error instanceof ApiError && error.status === 401 && error.code === 'invalid_credentials';

const REASONS = {
  idle: 'You were signed out after a period of inactivity.',
  expired: 'Your session ended. Please sign in again.',
  logout: 'You have signed out.',
  enrolled: 'Two-step verification is set up. Sign in again with a code from your app.',
} as const;

export function LoginPage({ reason }: { reason?: keyof typeof REASONS }) {
  const { login } = useSession();
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
      if (caught instanceof ApiError && caught.status === 429)
        setError('Too many attempts. Wait a moment and try again.');
      else if (caught instanceof ApiError && caught.status < 500)
        setError(offerCode ? 'Email, password or code not recognised.' : 'Email or password not recognised.');
      else setError('The server could not be reached. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">Anamnesis</h1>
        <p className="muted">Sign in to the clinical record</p>
        {reason && !error && (
          <p className="notice" role="status">
            {REASONS[reason]}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
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
            <label htmlFor="totp">Authentication code</label>
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
              If your account uses two-step verification, enter the 6-digit code from your authenticator app
              (or a recovery code).
            </p>
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : offerCode ? 'Verify' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
