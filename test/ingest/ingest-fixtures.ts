import type { TestApp } from '../support/test-app.js';
import { authHeader, userWithToken } from '../support/auth.js';

let counter = 0;

/** A supported ADT^A01 with its own control id (or the one given). */
export function adt(controlId = `CTRL${++counter}-${Date.now()}`, sender = 'LAB|HOSP'): string {
  const [app, facility] = sender.split('|');
  return (
    [
      `MSH|^~\\&|${app}|${facility}|ANAMNESIS|CLINIC|20261129101112||ADT^A01^ADT_A01|${controlId}|P|2.5.1||||||UNICODE UTF-8`,
      'EVN|A01|20261129101112',
      `PID|1||MRN-${controlId.slice(-40)}^^^HOSP^MR||DOE^JANE||19800101|F`,
      'PV1|1|I|WARD^1^1',
    ].join('\r') + '\r'
  );
}

export async function integrationHeaders(t: TestApp, role: 'integration' | 'admin' = 'integration') {
  const { token } = await userWithToken(t, role);
  return authHeader(token);
}

export function postHl7(
  t: TestApp,
  body: string | Buffer,
  headers: Record<string, string>,
  contentType = 'application/hl7-v2',
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/ingest/hl7',
    payload: body,
    headers: { ...headers, 'content-type': contentType },
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
