/**
 * Fault injection: which request a `failNext` rule catches, and what happens to it then.
 *
 * @module
 * @internal
 */
import { sleep } from '../../core/sleep.js';
import { NULL_BODY, abortReason } from './http.js';
import type { FaultRule, SimState } from './state.js';
import type { FaultOptions } from './types.js';

/** The 401 body the API sends for a wrong key, also a 401 fault's default. @internal */
export const UNAUTHORIZED = { message: 'Invalid access token' };

/** Queues a fault for the next matching request(s). @internal */
export function addFault(state: SimState, fault: FaultOptions): void {
  const times = fault.times ?? 1;
  if (!(Number.isInteger(times) && times > 0)) throw new RangeError('times must be a positive integer');
  state.faults.push({ ...fault, remaining: times });
}

/**
 * Runs `handle` for a request under the first fault that matches it, if any: waits out its
 * latency, answers in its place, or drops the connection before or after it ran.
 *
 * @internal
 */
export async function withFault(
  state: SimState,
  method: string,
  pathname: string,
  signal: AbortSignal,
  handle: () => Response,
): Promise<Response> {
  const fault = takeFault(state, method, pathname);
  if (!fault) return handle();
  if (fault.delayMs && !(await sleep(fault.delayMs, signal))) throw abortReason(signal);
  // Latency alone lets the request through and a reset drops it; any other fault answers in its place.
  if (fault.reset !== true && (fault.status !== undefined || fault.body !== undefined || !fault.delayMs)) {
    return faultResponse(state, fault);
  }
  if (fault.reset && !fault.afterHandling) throw connectionReset();
  const response = handle();
  if (fault.reset) throw connectionReset();
  return response;
}

function takeFault(state: SimState, method: string, pathname: string): FaultRule | undefined {
  const rule = state.faults.find((f) => {
    if (f.match?.method && f.match.method.toUpperCase() !== method) return false;
    const p = f.match?.path;
    if (typeof p === 'string') return pathname.startsWith(p);
    if (p instanceof RegExp) {
      // A global or sticky pattern would otherwise resume from its last match.
      p.lastIndex = 0;
      return p.test(pathname);
    }
    return true;
  });
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining <= 0) state.faults.splice(state.faults.indexOf(rule), 1);
  return rule;
}

function faultResponse(state: SimState, fault: FaultRule): Response {
  const status = fault.status ?? (fault.body !== undefined ? 200 : 500);
  const headers: Record<string, string> = { 'x-request-id': state.nextRequestId(), ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (NULL_BODY.has(status)) return new Response(null, { status, headers });
  let body: string;
  if (typeof fault.body === 'string') {
    body = fault.body;
    headers['content-type'] ??= fault.body.trimStart().startsWith('<') ? 'text/html' : 'application/json';
  } else {
    body = JSON.stringify(fault.body === undefined ? defaultErrorBody(status) : fault.body);
    headers['content-type'] ??= 'application/json';
  }
  return new Response(body, { status, headers });
}

// What the API sends for each status, where it has been seen; the others get a generic `{ error }`.
const ERROR_BODIES: Readonly<Record<number, unknown>> = {
  400: { error: 'Bad Request' },
  401: UNAUTHORIZED,
  403: { message: 'Forbidden' },
  404: { error: 'Not Found' },
  409: { error: 'Conflict' },
  422: { message: 'Unprocessable Entity' },
  429: { error: 'Too Many Requests' },
  502: { error: 'Bad Gateway' },
  503: { error: 'Service Unavailable' },
  504: { error: 'Gateway Timeout' },
};

function defaultErrorBody(status: number): unknown {
  return ERROR_BODIES[status] ?? { error: status >= 500 ? 'Internal Server Error' : `HTTP ${status}` };
}

/** What undici throws when a connection drops: a TypeError `fetch failed` with an ECONNRESET cause. */
function connectionReset(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
}
