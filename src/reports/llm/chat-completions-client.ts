import type { ChatMessage } from './llm-prompt.js';

/** An answer longer than this is not a report: the stream is cut and the draft falls back. */
export const MAX_ANSWER_CHARS = 100_000;

export interface ChatClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per attempt, from request to the last streamed token. */
  timeoutMs: number;
  /** Further attempts after a network error, a timeout, 429 or 5xx. */
  maxRetries: number;
  /** First back-off; doubles per retry. */
  retryDelayMs?: number;
}

/** Why the endpoint gave no answer. Messages carry no record content. */
export class LlmUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'http' | 'network' | 'protocol',
    message: string,
    readonly retryable = reason !== 'protocol',
  ) {
    super(message);
    this.name = 'LlmUnavailableError';
  }
}

/**
 * A minimal client for an OpenAI-compatible `POST {base}/chat/completions` with `stream: true`
 * (server-sent events of `choices[0].delta.content`, ending in `data: [DONE]`). A server that
 * answers with plain JSON is accepted too. It calls only the configured endpoint.
 */
export class ChatCompletionsClient {
  constructor(private readonly options: ChatClientOptions) {}

  async complete(messages: ChatMessage[], onDelta?: (text: string) => void): Promise<string> {
    let lastError: LlmUnavailableError | undefined;
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt++) {
      if (attempt > 0) await sleep((this.options.retryDelayMs ?? 250) * 2 ** (attempt - 1));
      try {
        return await this.attempt(messages, onDelta);
      } catch (error) {
        lastError =
          error instanceof LlmUnavailableError ? error : new LlmUnavailableError('network', 'request failed');
        if (!lastError.retryable) break;
      }
    }
    throw lastError ?? new LlmUnavailableError('network', 'request failed');
  }

  private async attempt(messages: ChatMessage[], onDelta?: (text: string) => void): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        signal: controller.signal,
        redirect: 'error',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream, application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.options.model, messages, stream: true, temperature: 0 }),
      });
      if (!response.ok) {
        await response.body?.cancel();
        const retryable = response.status === 429 || response.status >= 500;
        throw new LlmUnavailableError('http', `endpoint answered ${response.status}`, retryable);
      }
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream'))
        return contentOf(await response.json());
      return await readStream(response, onDelta);
    } catch (error) {
      if (error instanceof LlmUnavailableError) throw error;
      if (controller.signal.aborted)
        throw new LlmUnavailableError('timeout', `no complete answer within ${this.options.timeoutMs} ms`);
      throw new LlmUnavailableError('network', 'could not reach the endpoint');
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readStream(response: Response, onDelta?: (text: string) => void): Promise<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let answer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') return answer;
      const delta = deltaOf(data);
      if (delta) {
        answer += delta;
        if (answer.length > MAX_ANSWER_CHARS) throw new LlmUnavailableError('protocol', 'answer too long');
        onDelta?.(delta);
      }
    }
  }
  throw new LlmUnavailableError('protocol', 'stream ended without [DONE]', true);
}

function deltaOf(data: string): string {
  try {
    const event = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
    const content = event.choices?.[0]?.delta?.content;
    return typeof content === 'string' ? content : '';
  } catch {
    throw new LlmUnavailableError('protocol', 'malformed stream event');
  }
}

function contentOf(body: unknown): string {
  const content = (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message
    ?.content;
  if (typeof content !== 'string') throw new LlmUnavailableError('protocol', 'answer has no message content');
  if (content.length > MAX_ANSWER_CHARS) throw new LlmUnavailableError('protocol', 'answer too long');
  return content;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
