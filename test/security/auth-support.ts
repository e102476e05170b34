import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The real application listening on a real socket (127.0.0.1, a free port), driven with fetch. */
export interface ListeningApp extends TestApp {
  baseUrl: string;
  /** fetch against `baseUrl`; JSON bodies are serialised, the parsed body is returned beside the status. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
}

export async function listeningApp(env: Record<string, string> = {}): Promise<ListeningApp> {
  const t = await createTestApp(env);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...t,
    baseUrl,
    async call(method, path, { body, raw, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, body: parseBody(text), headers: response.headers };
    },
  };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { text };
  }
}
