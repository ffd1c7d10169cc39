/**
 * What the route modules share about HTTP: the request a handler sees, the answer it gives, body
 * and paging rules, and how an answer becomes a `Response`.
 *
 * @module
 * @internal
 */
import type { SimState } from './state.js';

/** What a route handler is given of a request. @internal */
export interface SimRequest {
  /** The `:id` path segment, percent-decoded; `''` on routes without one. */
  id: string;
  /** The query string. */
  query: URLSearchParams;
  /** The raw body; `''` for GET and HEAD. */
  text: string;
  /** Reached through a replica/persona-era path: answer with those names. */
  legacy: boolean;
}

/**
 * An answer. Handlers return one, or throw one to stop early with an error, so deep checks need
 * no error plumbing.
 *
 * @internal
 */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: 'application/json' | 'text/plain' = 'application/json',
  ) {}
}

/** Answers one request from the state; any `Reply` it throws is the answer. @internal */
export type Handler = (state: SimState, request: SimRequest) => Reply;

/** @internal */
export function ok(body: unknown): Reply {
  return new Reply(200, body);
}

/** The plain-text `OK` that renames and face deletes answer with, as the API does. @internal */
export const TEXT_OK = new Reply(200, 'OK', 'text/plain');

/** The API's usual 400 shape, `{ error }`. @internal */
export function badRequest(error: string): Reply {
  return new Reply(400, { error });
}

/** @internal */
export const NOT_FOUND = new Reply(404, { error: 'Not Found' });

/** Statuses whose responses must have no body (`new Response` throws otherwise). @internal */
export const NULL_BODY: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** Turns a reply into a `Response` with the next `x-request-id`. @internal */
export function respond(state: SimState, reply: Reply): Response {
  const { status, body, contentType } = reply;
  const headers = { 'x-request-id': state.nextRequestId() };
  if (NULL_BODY.has(status)) return new Response(null, { status, headers });
  const text = contentType === 'text/plain' ? String(body) : JSON.stringify(body);
  return new Response(text, { status, headers: { ...headers, 'content-type': contentType } });
}

/** The body as the request log keeps it: JSON when it parses, else the text, `undefined` when empty. @internal */
export function parseLoose(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A JSON object body, as every POST and PATCH except a JSON Patch takes; an empty body is `{}`. @internal */
export function parseBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw badRequest('Invalid JSON body');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** One page of `items` by the `limit` and `page` query parameters (1-based), with the total. @internal */
export function paginate<T>(
  items: readonly T[],
  q: URLSearchParams,
  defaultLimit: number,
  maxLimit = Number.POSITIVE_INFINITY,
): { data: T[]; total_count: number; page: number; limit: number } {
  const int = (key: string, fallback: number): number => {
    const raw = q.get(key);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid ${key}`);
    return n;
  };
  const limit = int('limit', defaultLimit);
  const page = int('page', 1);
  if (limit > maxLimit) throw badRequest('Invalid limit');
  return { data: items.slice((page - 1) * limit, page * limit), total_count: items.length, page, limit };
}

/** What an aborted fetch rejects with: the signal's reason, or a DOMException when it has none. @internal */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** @internal */
export function isAbortError(error: unknown): boolean {
  return error !== null && typeof error === 'object' && (error as { name?: unknown }).name === 'AbortError';
}
