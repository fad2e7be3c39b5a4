import type { ErrorCode } from '../../../shared/errors.js';

export type ClientErrorCode = ErrorCode | 'network' | 'unknown';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly requestId: string | null;
  readonly issues: FieldIssue[];
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    code: ClientErrorCode;
    status: number;
    message: string;
    requestId?: string | null;
    issues?: FieldIssue[];
    retryAfterSeconds?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId ?? null;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export const isApiError = (error: unknown, code?: ClientErrorCode): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

type ApiErrorListener = (error: ApiError, path: string) => void;
const listeners = new Set<ApiErrorListener>();

/** Lets the app react in one place to an expired session or a pending restriction. */
export const onApiError = (listener: ApiErrorListener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const parseRetryAfter = (header: string | null): number | null => {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
};

const readErrorBody = async (response: Response): Promise<Record<string, unknown>> => {
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const toApiError = async (response: Response): Promise<ApiError> => {
  const body = await readErrorBody(response);
  const code = typeof body.code === 'string' ? (body.code as ClientErrorCode) : 'unknown';
  return new ApiError({
    code,
    status: response.status,
    message: typeof body.message === 'string' ? body.message : response.statusText,
    requestId: typeof body.requestId === 'string' ? body.requestId : response.headers.get('x-request-id'),
    issues: Array.isArray(body.issues) ? (body.issues as FieldIssue[]) : [],
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
};

export type QueryParams = Record<string, string | number | null | undefined>;

export const withQuery = (path: string, params: QueryParams): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
};

export interface RequestOptions {
  signal?: AbortSignal;
}

export const request = async <T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'network', status: 0, message: 'Network error' });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    for (const listener of listeners) listener(error, path);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
};

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
