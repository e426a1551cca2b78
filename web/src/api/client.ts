/** The console talks to the node's public API only, with the session cookie set at sign-in. */

/** A refusal from the API (application/problem+json), with the fields the console explains. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | null,
    readonly extra: Readonly<Record<string, unknown>>,
  ) {
    super(detail === '' ? code : detail);
  }

  /** A string figure the problem carries (limit, remaining), if any. */
  figure(name: string): string | null {
    const v = this.extra[name];
    return typeof v === 'string' ? v : null;
  }
}

type Listener = () => void;
const unauthorised = new Set<Listener>();

/** Called when any request answers 401: the session expired or was revoked. */
export function onUnauthorised(fn: Listener): () => void {
  unauthorised.add(fn);
  return () => unauthorised.delete(fn);
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return new ApiError(
    response.status,
    text('code') || `http_${response.status}`,
    text('detail') || text('title') || response.statusText,
    text('field') || null,
    body,
  );
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** A bearer credential instead of the cookie (sign-in only). */
  readonly bearer?: string;
}

/** Sends a request to the node and returns its JSON body, or throws an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal ?? null,
  });
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && options.bearer === undefined) for (const fn of unauthorised) fn();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Readonly<Record<string, string | number | undefined | null>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** A client id for a money-moving command: retrying the same command reuses it (idempotent). */
export function clientId(prefix: string): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${prefix}-${Date.now().toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}
