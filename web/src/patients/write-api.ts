import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/http';
import type { Entry, Patient } from '../api/types';

export interface NewPatient {
  mrn: string;
  name: { family: string; given: string[] };
  birthDate: string;
  sex: string;
}

export interface EntryWrite {
  kind: string;
  occurredAt?: string;
  body: Record<string, unknown>;
}

/** Registration; the server puts the registering clinician on the care team. */
export const useRegisterPatient = () =>
  useMutation({
    mutationFn: (patient: NewPatient) => api<Patient>('/patients', { method: 'POST', body: patient }),
  });

/** Adds an entry (no `entryId`) or amends one (PUT: a new version); the timeline and the entry refresh. */
export function useWriteEntry(patientId: string, entryId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, occurredAt, body }: EntryWrite) =>
      entryId
        ? api<Entry>(`/entries/${entryId}`, { method: 'PUT', body: { body, occurredAt } })
        : api<Entry>(`/patients/${patientId}/entries`, { method: 'POST', body: { kind, occurredAt, body } }),
    onSuccess: async (entry) => {
      await queryClient.invalidateQueries({ queryKey: ['timeline', patientId] });
      await queryClient.invalidateQueries({ queryKey: ['entry', entry?.id ?? entryId] });
      await queryClient.invalidateQueries({ queryKey: ['entry-versions', entry?.id ?? entryId] });
    },
  });
}

/**
 * The API's validation errors by field: each line of `details` starts with the field it names
 * (`name.family: …`, `body.code: …`). Messages that name no field of the form are returned under ''.
 */
export function fieldErrors(error: unknown, fields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const { details } = error.body as { details?: string[] };
  const messages = details ?? (Array.isArray(error.body.message) ? error.body.message : [error.message]);
  const result: Record<string, string> = {};
  for (const message of messages) {
    const path = /^([\w.[\]]+?):? /.exec(message)?.[1]?.replace(/^body\./, '') ?? '';
    const field = fields.find((name) => path === name || path.startsWith(`${name}.`)) ?? '';
    result[field] = result[field] ? `${result[field]}; ${message}` : message;
  }
  return result;
}
