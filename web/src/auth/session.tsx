import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, onSessionLost, refreshAccessToken, setAccessToken } from '../api/http';
import type { Me, TokenResponse } from '../api/types';
import { forgetGrants } from '../patients/break-glass-store';
import { forgetRecentPatients } from '../patients/recent-patients';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'idle' | 'expired' | 'logout' | 'enrolled' }
  | { status: 'signed-in'; me: Me }
  /** The role needs MFA and none is set up: this session may only enrol (then sign in again). */
  | { status: 'enrolling' };

interface SessionApi {
  state: SessionState;
  /** Password (+ TOTP when asked): resolves when signed in, rejects with the ApiError otherwise. */
  login(credentials: { email: string; password: string; totp?: string }): Promise<void>;
  logout(reason?: 'idle' | 'logout' | 'enrolled'): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const loadMe = useCallback(async () => {
    const me = await api<Me>('/auth/me');
    setState({ status: 'signed-in', me });
  }, []);

  // A reload keeps the session through the refresh cookie; the access token is never stored.
  useEffect(() => {
    let cancelled = false;
    void refreshAccessToken().then(async (ok) => {
      if (cancelled) return;
      if (!ok) return setState({ status: 'anonymous' });
      await loadMe().catch(() => setState({ status: 'anonymous' }));
    });
    return () => {
      cancelled = true;
    };
  }, [loadMe]);

  useEffect(
    () =>
      onSessionLost(() => {
        queryClient.clear();
        forgetRecentPatients();
        forgetGrants();
        setState({ status: 'anonymous', reason: 'expired' });
      }),
    [queryClient],
  );

  const login = useCallback<SessionApi['login']>(
    async (credentials) => {
      const tokens = await api<TokenResponse & { mfaEnrolmentRequired?: boolean }>('/auth/login', {
        method: 'POST',
        body: credentials,
      });
      setAccessToken(tokens.accessToken);
      if (tokens.mfaEnrolmentRequired) setState({ status: 'enrolling' });
      else await loadMe();
    },
    [loadMe],
  );

  const logout = useCallback<SessionApi['logout']>(
    async (reason = 'logout') => {
      await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
      setAccessToken(null);
      queryClient.clear();
      forgetRecentPatients();
      forgetGrants();
      setState({ status: 'anonymous', reason });
    },
    [queryClient],
  );

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe while signed out');
  return state.me;
}
