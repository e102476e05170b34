import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type {
  CareTeamMember,
  ImportJob,
  QuarantinedMessage,
  ReplayOutcome,
  Role,
  UserSummary,
} from '../api/types';

export const useUsers = () =>
  useQuery({ queryKey: ['users'], queryFn: ({ signal }) => api<UserSummary[]>('/users', { signal }) });

/** A user-management action (create, disable, enable, reset MFA, change role); refreshes the list. */
export function useUserAction<T>(run: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** A user created here has no password: they set their own with the one-time enrolment code. */
export interface CreatedUser {
  id: string;
  email: string;
  role: Role;
  enrolment: { code: string; expiresAt: string; path: string };
}

export const createUser = (input: { email: string; role: Role }) =>
  api<CreatedUser>('/users', { method: 'POST', body: input });
export const reissueEnrolment = ({ id }: { id: string }) =>
  api<CreatedUser>(`/users/${id}/enrolment`, { method: 'POST' });
export const userCommand = ({ id, command }: { id: string; command: 'disable' | 'enable' | 'reset-mfa' }) =>
  api<UserSummary>(`/users/${id}/${command}`, { method: 'POST' });
export const changeRole = ({ id, role }: { id: string; role: Role }) =>
  api<UserSummary>(`/users/${id}/role`, { method: 'PUT', body: { role } });

export const useCareTeam = (patientId: string) =>
  useQuery({
    queryKey: ['care-team', patientId],
    enabled: patientId !== '',
    queryFn: ({ signal }) => api<CareTeamMember[]>(`/patients/${patientId}/care-team`, { signal }),
  });

export function useCareTeamChange(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { add: string } | { remove: string }) =>
      'add' in change
        ? api(`/patients/${patientId}/care-team`, { method: 'POST', body: { userId: change.add } })
        : api(`/patients/${patientId}/care-team/${change.remove}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['care-team', patientId] }),
  });
}

/** Polls a running import job every 2 s until it finishes. */
export const useImportJob = (id: string) =>
  useQuery({
    queryKey: ['import-job', id],
    enabled: id !== '',
    queryFn: ({ signal }) => api<ImportJob>(`/ingest/jobs/${id}`, { signal }),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 2000),
  });

export const useQuarantine = () =>
  useQuery({
    queryKey: ['quarantine'],
    queryFn: ({ signal }) => api<{ messages: QuarantinedMessage[] }>('/ingest/quarantine', { signal }),
  });

export function useReplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ReplayOutcome>(`/ingest/quarantine/${id}/replay`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['quarantine'] }),
  });
}
