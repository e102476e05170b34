import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST DOUBLE — not a model. A scripted local HTTP server speaking the OpenAI chat-completions
 * API (`POST /v1/chat/completions`, `stream: true` → server-sent events). Each request takes the
 * next scripted reply; every request body is recorded for assertions.
 */
export type ScriptedReply =
  | { kind: 'stream'; text: string; chunkSize?: number }
  | { kind: 'json'; text: string }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'broken-stream'; text: string }
  | { kind: 'dynamic'; answer: (request: ChatRequestBody) => string };

export interface ChatRequestBody {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
}

export interface ScriptedChatServer {
  baseUrl: string;
  requests: {
    path: string;
    headers: IncomingMessage['headers'];
    body: { model: string; stream: boolean; messages: { role: string; content: string }[] };
  }[];
  close(): Promise<void>;
}

export async function startScriptedChatServer(replies: ScriptedReply[]): Promise<ScriptedChatServer> {
  const requests: ScriptedChatServer['requests'] = [];
  const queue = [...replies];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') });
      const scripted = queue.shift() ?? { kind: 'status', status: 503 };
      const reply: ScriptedReply =
        scripted.kind === 'dynamic'
          ? { kind: 'stream', text: scripted.answer(requests[requests.length - 1]!.body) }
          : scripted;
      if (reply.kind === 'hang') return; // never answers; the client's timeout must end it
      if (reply.kind === 'status')
        return void res
          .writeHead(reply.status, { 'content-type': 'application/json' })
          .end('{"error":{"message":"scripted"}}');
      if (reply.kind === 'json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: reply.text } }] }),
        );
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const size = reply.kind === 'stream' ? (reply.chunkSize ?? 7) : 5;
      for (let i = 0; i < reply.text.length; i += size) {
        const event = {
          id: 'chatcmpl-double',
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { content: reply.text.slice(i, i + size) } }],
        };
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      }
      if (reply.kind === 'stream') res.write('data: [DONE]\n\n');
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server that only counts hits: stands in for an attacker's image URL inside a note. */
export async function startHitCounter(): Promise<{
  url: string;
  hits: () => number;
  close(): Promise<void>;
}> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/pixel.png`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
