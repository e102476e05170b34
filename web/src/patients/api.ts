import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { BreakGlassGrant, Entry, Page, Patient } from '../api/types';
import { rememberGrant } from './break-glass-store';

/** Lists come either bare or as `{items, nextCursor}`; the UI reads both the same way. */
export function itemsOf<T>(data: T[] | Page<T> | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

export const usePatients = (query: { mrn?: string; q?: string }, enabled = true) =>
  useQuery({
    queryKey: ['patients', query],
    queryFn: ({ signal }) => api<Patient[] | Page<Patient>>('/patients', { query, signal }).then(itemsOf),
    enabled,
  });

export const usePatient = (id: string) =>
  useQuery({
    queryKey: ['patient', id],
    queryFn: ({ signal }) => api<Patient>(`/patients/${id}`, { signal }),
  });

/** The whole timeline, newest first, following cursors (a record is hundreds of entries, not millions). */
export const useTimeline = (patientId: string, enabled = true) =>
  useQuery({
    queryKey: ['timeline', patientId],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const entries: Entry[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const data = await api<Entry[] | Page<Entry>>(`/patients/${patientId}/entries`, {
          query: { cursor, limit: 100 },
          signal,
        });
        entries.push(...itemsOf(data));
        cursor = Array.isArray(data) ? undefined : (data.nextCursor ?? undefined);
        if (!cursor) break;
      }
      return entries;
    },
  });

export const useEntry = (id: string | undefined) =>
  useQuery({
    queryKey: ['entry', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api<Entry>(`/entries/${id}`, { signal }),
  });

export const useEntryVersions = (id: string | undefined) =>
  useQuery({
    queryKey: ['entry-versions', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api<Entry[] | Page<Entry>>(`/entries/${id}/versions`, { signal }).then(itemsOf),
  });

/** Break the glass for a patient found by exact MRN (search shows only patients you may already see). */
export function useBreakGlassByMrn() {
  return useMutation({
    mutationFn: ({ mrn, reason }: { mrn: string; reason: string }) =>
      api<BreakGlassGrant>('/patients/break-glass', { method: 'POST', body: { mrn, reason } }),
    onSuccess: (grant) => rememberGrant({ patientId: grant.patientId, expiresAt: grant.expiresAt }),
  });
}

export function useBreakGlass(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      api<BreakGlassGrant>(`/patients/${patientId}/break-glass`, { method: 'POST', body: { reason } }),
    onSuccess: async (grant) => {
      rememberGrant({ patientId, expiresAt: grant.expiresAt });
      await queryClient.invalidateQueries({ queryKey: ['patient', patientId] });
      await queryClient.invalidateQueries({ queryKey: ['timeline', patientId] });
    },
  });
}
