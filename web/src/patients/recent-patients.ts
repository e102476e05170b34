import { useSyncExternalStore } from 'react';
import type { Patient } from '../api/types';

/** Patients opened in this tab, newest first; memory only (never written to browser storage). */
let recent: Patient[] = [];
const listeners = new Set<() => void>();

export function rememberPatient(patient: Patient): void {
  if (recent[0]?.id === patient.id) return;
  recent = [patient, ...recent.filter((p) => p.id !== patient.id)].slice(0, 10);
  listeners.forEach((listener) => listener());
}

export function forgetRecentPatients(): void {
  recent = [];
  listeners.forEach((listener) => listener());
}

export const useRecentPatients = (): Patient[] =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => recent,
  );
