import type { TavusError } from '../errors.js';

/** Payload of the client's `request` event: an attempt is about to be sent. */
export interface RequestEvent {
  /** HTTP method, upper-case. */
  method: string;
  /** Request path without origin or query (e.g. `/v2/faces`). */
  path: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/** Payload of the client's `response` event: an attempt got an HTTP answer (any status). */
export interface ResponseEvent {
  /** HTTP method, upper-case. */
  method: string;
  /** Request path without origin or query. */
  path: string;
  /** HTTP status code. */
  status: number;
  /** Time from sending the attempt to its response headers, in milliseconds. */
  durationMs: number;
}

/** Payload of the client's `retry` event: an attempt failed and another will be made. */
export interface RetryEvent {
  /** HTTP method, upper-case. */
  method: string;
  /** Request path without origin or query. */
  path: string;
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  /** How long the SDK waits before that attempt, in milliseconds. */
  delayMs: number;
  /** Why the previous attempt failed. */
  error: TavusError;
}

/** Payload of the client's `warning` event. */
export interface WarningEvent {
  /**
   * `'validation'`: a response did not match the contract and was passed through (lenient mode).
   * `'deprecation'`: a legacy name or deprecated field was used (reported once per client).
   * `'preflight'`: `faces.create(params, { preflight: true })` found a warning-severity problem in the
   * training media (the training was still sent); `path` is the field, e.g. `train_video_url`.
   */
  kind: 'validation' | 'deprecation' | 'preflight';
  /** What happened, for humans. */
  message: string;
  /** Where in the response (e.g. `data[3].status`) or which field, when it applies. */
  path?: string;
}

/**
 * The events a {@link Tavus} client emits. No payload ever holds the API key or request headers.
 */
export interface TavusEvents {
  /** An attempt is about to be sent. */
  request: (event: RequestEvent) => void;
  /** An attempt got an HTTP response (any status). */
  response: (event: ResponseEvent) => void;
  /** A failed attempt will be retried. */
  retry: (event: RetryEvent) => void;
  /** A response was passed through despite a problem, or a deprecated name was seen. */
  warning: (event: WarningEvent) => void;
}

/** Emits one client event. @internal */
export type Emit = <E extends keyof TavusEvents>(event: E, payload: Parameters<TavusEvents[E]>[0]) => void;

/** Whether an event has a listener (on the client or one it was derived from): unheard payloads are not built. @internal */
export type Hears = (event: keyof TavusEvents) => boolean;
