import { useSyncExternalStore } from 'react';

/** Emergency grants opened in this tab, for the banner; the server is the authority on expiry. */
export interface ActiveGrant {
  patientId: string;
  label?: string;
  expiresAt: string;
}

let grants: ActiveGrant[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function rememberGrant(grant: ActiveGrant): void {
  grants = [...grants.filter((g) => g.patientId !== grant.patientId), grant];
  emit();
}

/** At sign-out: the next user of this workstation must not see the previous user's grants. */
export function forgetGrants(): void {
  grants = [];
  emit();
}

export function labelGrant(patientId: string, label: string): void {
  if (!grants.some((g) => g.patientId === patientId && g.label !== label)) return;
  grants = grants.map((g) => (g.patientId === patientId ? { ...g, label } : g));
  emit();
}

export function useActiveGrants(now: number): ActiveGrant[] {
  const all = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => grants,
  );
  return all.filter((g) => Date.parse(g.expiresAt) > now);
}
