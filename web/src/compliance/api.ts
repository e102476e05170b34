import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api, apiResponse } from '../api/http';
import { utcDayStart } from '../ui/dates';
import type { AuditEventsPage, Checkpoint, VerifyReport, VolumeAnomaly } from '../api/types';

/** The filters of GET /api/audit/events and /api/audit/export (src/audit/review/audit-filter.dto.ts). */
export interface AuditFilter {
  actorUserId?: string;
  patientId?: string;
  action?: string;
  outcome?: string;
  type?: string;
  from?: string;
  to?: string;
  flag?: string;
}

export const FILTER_KEYS: (keyof AuditFilter)[] = [
  'actorUserId',
  'patientId',
  'action',
  'outcome',
  'type',
  'from',
  'to',
  'flag',
];

/** `from`/`to` come from date inputs (YYYY-MM-DD, a UTC day); `to` is inclusive for people, exclusive for the API. */
function toQuery(filter: AuditFilter): Record<string, string | undefined> {
  const day = (value: string | undefined, plusDays = 0) => (value ? utcDayStart(value, plusDays) : undefined);
  return { ...filter, from: day(filter.from), to: day(filter.to, 1) };
}

export const useAuditEvents = (filter: AuditFilter) =>
  useInfiniteQuery({
    queryKey: ['audit-events', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<AuditEventsPage>('/audit/events', {
        query: { ...toQuery(filter), cursor: pageParam, limit: 50 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });

export const useVolumeAnomalies = () =>
  useQuery({
    queryKey: ['audit-anomalies'],
    queryFn: ({ signal }) => api<{ volume: VolumeAnomaly[] }>('/audit/anomalies', { signal }),
  });

export const useCheckpoints = () =>
  useQuery({
    queryKey: ['audit-checkpoints'],
    queryFn: ({ signal }) => api<{ checkpoints: Checkpoint[] }>('/audit/checkpoints', { signal }),
  });

/** Full walk from sequence 1, or incremental: from the latest signed checkpoint on. */
export const useVerify = () =>
  useMutation({
    mutationFn: (mode: 'full' | 'incremental') =>
      api<VerifyReport>('/audit/verify', { query: mode === 'incremental' ? { mode } : {} }),
  });

/** Downloads an export through the authenticated fetch (a plain link could not carry the token). */
export async function downloadExport(format: 'csv' | 'fhir', filter: AuditFilter): Promise<void> {
  const response = await apiResponse('/audit/export', { query: { ...toQuery(filter), format } });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = format === 'fhir' ? 'audit-events.ndjson' : 'audit-events.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
