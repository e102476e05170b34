// The one way the client talks to /api. The access token lives only in this module's memory; the
// refresh token is an httpOnly cookie the browser sends to /api/auth/refresh on our behalf.

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  correlationId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody>,
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? `HTTP ${status}`));
  }
  get code(): string | undefined {
    return this.body.code;
  }
}

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const sessionLostListeners = new Set<() => void>();

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** Called when a refresh fails mid-session (expired, revoked): the UI returns to the login page. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

interface TokenResponse {
  accessToken: string;
  expiresIn: number;
}

/** Exchanges the refresh cookie for a new access token; concurrent callers share one request. */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) return false;
      setAccessToken(((await response.json()) as TokenResponse).accessToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`/api${withQuery(path, options.query)}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
  return new ApiError(response.status, body);
}

/** Raw response (for downloads); retries once after a refresh when the access token expired. */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options);
  if (response.status === 401 && accessToken !== null && !path.startsWith('/auth/login')) {
    if (await refreshAccessToken()) response = await send(path, options);
    else {
      setAccessToken(null);
      sessionLostListeners.forEach((listener) => listener());
    }
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}
