import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { loadEvalSet } from './eval-set.js';
import { storeEvalEntries } from './report-fixtures.js';
import {
  startScriptedChatServer,
  type ChatRequestBody,
  type ScriptedChatServer,
} from './support/scripted-chat-server.js';

/** Excerpts the prompt carried, as the model saw them. */
const excerptsOf = (body: ChatRequestBody) => {
  const user = body.messages.find((m) => m.role === 'user')!.content;
  return JSON.parse(user.slice(user.indexOf('\n['))) as { id: string; text: string }[];
};

describe('reports API with LLM_BASE_URL set (scripted OpenAI-compatible test double)', () => {
  let t: TestApp;
  let server: ScriptedChatServer;
  const { patients } = loadEvalSet();
  const [first, second] = [patients[0], patients[3]]; // creatinine on an NSAID; chest pain work-up

  beforeAll(async () => {
    server = await startScriptedChatServer([
      {
        kind: 'dynamic',
        answer: (body) => {
          const excerpts = excerptsOf(body);
          const latest = excerpts.find((e) => e.text.includes('Creatinine 1.8 mg/dL'))!;
          return [
            '## Key results and trends',
            `Latest creatinine 1.8 mg/dL. [${latest.id}]`,
            `Creatinine reached 3.1 mg/dL. [${latest.id}]`,
          ].join('\n');
        },
      },
      { kind: 'hang' },
    ]);
    t = await createTestApp({
      LLM_BASE_URL: server.baseUrl,
      LLM_MODEL: 'scripted',
      LLM_TIMEOUT_MS: '1500',
      LLM_MAX_RETRIES: '0',
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('drafts with the model, verifies its sentences, and falls back to extractive when it times out', async () => {
    const doctor = await actor(t, 'clinician');
    const patientId = (await patientOf(t, doctor)).id;
    await storeEvalEntries(t, doctor.headers, patientId, first!);
    const otherId = (await patientOf(t, doctor)).id;
    await storeEvalEntries(t, doctor.headers, otherId, second!);
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${otherId}/entries`,
      headers: doctor.headers,
      payload: {
        kind: 'note',
        occurredAt: '2026-03-01T00:00:00Z',
        body: { text: 'Zebra-marker sentence of another patient.' },
      },
    });
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/reports`,
        headers: doctor.headers,
        payload: { question: first!.question },
      });

    const llm = (await create()).json();
    expect(llm.generator).toBe('llm');
    const results = llm.sections.find((s: { key: string }) => s.key === 'results').sentences;
    expect(results.map((s: { unsupported?: { code: string } }) => s.unsupported?.code ?? 'ok')).toEqual([
      'ok',
      'number',
    ]);
    expect(llm.unsupportedCount).toBe(1);

    const fallback = (await create()).json();
    expect(fallback).toMatchObject({ generator: 'extractive', unsupportedCount: 0 });
    expect(fallback.fallbackReason).toMatch(/^timeout/);

    expect(server.requests).toHaveLength(2);
    const prompt = JSON.stringify(server.requests[0]!.body);
    expect(prompt).not.toContain('Zebra-marker');
    expect(prompt).not.toMatch(/Troponin/); // the other patient's results
  });
});
