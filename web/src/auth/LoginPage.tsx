import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { useSession } from './session';

/** The password was right and the account uses MFA: ask for the code (src/auth/login.service.ts). */
export const needsTotp = (error: unknown) => error instanceof ApiError && error.code === 'mfa_required';

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
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const totpInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'totp') totpInput.current?.focus();
  }, [step]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password, ...(step === 'totp' ? { totp } : {}) });
    } catch (caught) {
      if (step === 'password' && needsTotp(caught)) setStep('totp');
      else if (caught instanceof ApiError && caught.status === 429)
        setError('Too many attempts. Wait a moment and try again.');
      else if (caught instanceof ApiError && caught.status < 500)
        setError(step === 'totp' ? 'That code was not accepted.' : 'Email or password not recognised.');
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
        {step === 'password' ? (
          <>
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
          </>
        ) : (
          <>
            <p>Enter the 6-digit code from your authenticator app.</p>
            <label htmlFor="totp">Authentication code</label>
            <input
              id="totp"
              ref={totpInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
            />
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : step === 'totp' ? 'Verify' : 'Sign in'}
        </button>
        {step === 'totp' && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setStep('password');
              setTotp('');
              setError(null);
            }}
          >
            Use a different account
          </button>
        )}
      </form>
    </main>
  );
}
