import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api, apiResponse } from '../api/http';
import type { Report, ReportSentence, ReportSummary } from '../api/types';

export const useReport = (id: string) =>
  useQuery({ queryKey: ['report', id], queryFn: ({ signal }) => api<Report>(`/reports/${id}`, { signal }) });

/** After a report changes, the patient's reports list shows it as it now is. */
const refreshList = (queryClient: QueryClient, report: Report) =>
  queryClient.invalidateQueries({ queryKey: ['patient-reports', report.patientId] });

export function useCreateReport(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (question: string) =>
      api<Report>(`/patients/${patientId}/reports`, { method: 'POST', body: { question } }),
    onSuccess: (report) => refreshList(queryClient, report),
  });
}

/** Saves edited sections; the server verifies every sentence again and returns the new draft. */
export function useEditReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sections: { key: string; sentences: ReportSentence[] }[]) =>
      api<Report>(`/reports/${id}`, {
        method: 'PATCH',
        body: {
          sections: sections.map((section) => ({
            key: section.key,
            sentences: section.sentences.map(({ text, citations }) => ({ text, citations })),
          })),
        },
      }),
    onSuccess: (report) => {
      queryClient.setQueryData(['report', id], report);
      return refreshList(queryClient, report);
    },
  });
}

export function useSignReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<Report>(`/reports/${id}/sign`, { method: 'POST' }),
    onSuccess: (report) => {
      queryClient.setQueryData(['report', id], report);
      return refreshList(queryClient, report);
    },
  });
}

export async function downloadReport(id: string, format: 'pdf' | 'text' | 'markdown'): Promise<void> {
  const response = await apiResponse(`/reports/${id}/export`, { query: { format } });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `report-${id}.${format === 'pdf' ? 'pdf' : format === 'markdown' ? 'md' : 'txt'}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reports per page of the patient's list ("More reports" fetches the next). */
export const REPORTS_PAGE = 20;
export type ReportStatusFilter = '' | 'draft' | 'signed';

/** A patient's reports (drafts and signed), newest first, for finding a draft again. */
export const usePatientReports = (patientId: string, status: ReportStatusFilter) =>
  useInfiniteQuery({
    queryKey: ['patient-reports', patientId, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<{ items: ReportSummary[]; nextCursor: string | null }>(`/patients/${patientId}/reports`, {
        query: { limit: REPORTS_PAGE, status, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
