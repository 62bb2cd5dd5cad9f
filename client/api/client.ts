import type { ApiError as ApiErrorBody } from '@shared/api/errors';

/** An error answered by the API (or a network failure, code `network`), carrying the server's words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Field paths the server named in a 400 (`details: [{path, message}]`), for highlighting inputs. */
export function errorFields(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path === 'string' && typeof d.message === 'string' && !(d.path in out)) out[d.path] = d.message;
  }
  return out;
}

/** What a person should read for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

type UnauthorizedHandler = (err: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | undefined;

/** The store registers this once, so a 401 from any call (an expired session) sends the person to sign-in. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler | undefined) {
  onUnauthorized = fn;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Set false where a 401 is an expected answer (the sign-in form, the initial /me probe). */
  redirectOn401?: boolean;
  headers?: Record<string, string>;
}

const isErrorBody = (v: unknown): v is ApiErrorBody =>
  typeof v === 'object' && v !== null && 'error' in v && typeof (v as ApiErrorBody).error?.message === 'string';

/**
 * One JSON request to `/api<path>`. Resolves with the parsed body; rejects with ApiError on any non-2xx
 * answer, using the server's `{error:{code,message,details}}` when present.
 */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'cannot reach the server: check your connection and try again');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try { data = JSON.parse(text); } catch { data = undefined; }
  }
  if (!res.ok) {
    const err = isErrorBody(data)
      ? new ApiError(res.status, data.error.code, data.error.message, data.error.details)
      : new ApiError(res.status, res.status === 401 ? 'unauthorized' : 'http_error', `the server answered ${res.status} ${res.statusText}`.trim());
    if (res.status === 401 && opts.redirectOn401 !== false) onUnauthorized?.(err);
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body ?? {}, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body ?? {}, opts),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};
