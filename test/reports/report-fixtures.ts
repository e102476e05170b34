import type { TestApp } from '../support/test-app.js';
import type { EvalPatient } from './eval-set.js';

/** An evaluation-set entry body in the records API's schema (src/records/entry-kinds.ts). */
export function recordsBody(kind: string, body: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case 'problem':
      return {
        codeSystem: 'ICD-10',
        code: body.code,
        display: body.name,
        status: body.status,
        onset: body.onset,
      };
    case 'observation': {
      const { name, interpretation, ...rest } = body;
      return {
        ...rest,
        code: 'local',
        display: name,
        ...(interpretation ? { abnormalFlag: interpretation } : {}),
      };
    }
    default:
      return body;
  }
}

/** Stores the patient's evaluation entries through the records API; returns eval id → entry id. */
export async function storeEvalEntries(
  t: TestApp,
  headers: Record<string, string>,
  patientId: string,
  patient: EvalPatient,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const entry of patient.entries) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers,
      payload: {
        kind: entry.kind,
        occurredAt: new Date(entry.time).toISOString(),
        body: recordsBody(entry.kind, entry.body as Record<string, unknown>),
      },
    });
    if (response.statusCode !== 201) throw new Error(`fixture entry refused: ${response.body}`);
    ids.set(entry.id, response.json().id);
  }
  return ids;
}
