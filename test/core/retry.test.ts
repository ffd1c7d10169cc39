/** The retry policy alone: pure functions, no HTTP. */
import { describe, expect, it } from 'vitest';
import { type AttemptInfo, RETRY_STATUSES, backoffDelay, parseRetryAfter, shouldRetry } from '../../src/core/retry.js';
import { MAX_TIMER_MS } from '../../src/core/sleep.js';

const BACKOFF = { initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };
const read: AttemptInfo = {
  idempotent: true,
  retryStatuses: RETRY_STATUSES,
  retries: 0,
  maxRetries: 2,
  backoff: BACKOFF,
};
const create: AttemptInfo = { ...read, idempotent: false };
const half = () => 0.5;
const status = (code: number, retryAfterMs?: number) => ({ type: 'status' as const, status: code, retryAfterMs });

describe('shouldRetry', () => {
  it('retries a read on 408, 429 and 5xx, with backoff', () => {
    for (const code of [408, 429, 500, 502, 503, 504]) expect(shouldRetry(status(code), read, half)).toBe(375);
    for (const code of [400, 401, 403, 404, 409, 422, 501]) expect(shouldRetry(status(code), read, half)).toBeNull();
  });

  it('re-sends a create only after a 429: a lost answer may mean the training started', () => {
    expect(shouldRetry(status(429), create, half)).toBe(375);
    for (const code of [408, 500, 502, 503, 504]) expect(shouldRetry(status(code), create)).toBeNull();
    expect(shouldRetry({ type: 'network' }, create)).toBeNull();
    expect(shouldRetry({ type: 'timeout' }, create)).toBeNull();
  });

  it('retries network failures, timeouts and cut-off bodies of reads', () => {
    for (const type of ['network', 'timeout', 'unparseable'] as const) {
      expect(shouldRetry({ type }, read, half)).toBe(375);
    }
  });

  it('stops after maxRetries', () => {
    expect(shouldRetry(status(503), { ...read, retries: 2 })).toBeNull();
    expect(shouldRetry(status(503), { ...read, maxRetries: 0 })).toBeNull();
  });

  it('honours Retry-After up to the cap, and fails fast past it', () => {
    expect(shouldRetry(status(429, 1_234), read)).toBe(1_234);
    expect(shouldRetry(status(429, 60_000), read)).toBe(60_000);
    expect(shouldRetry(status(429, 60_001), read)).toBeNull();
    expect(shouldRetry(status(429, 0), create)).toBe(0);
  });

  it('never waits past the timer limit', () => {
    const huge = { ...BACKOFF, maxRetryAfterMs: Number.MAX_SAFE_INTEGER, maxDelayMs: Number.MAX_SAFE_INTEGER };
    expect(shouldRetry(status(429, 1e15), { ...read, backoff: huge })).toBe(MAX_TIMER_MS);
    expect(backoffDelay(80, huge, () => 1)).toBe(MAX_TIMER_MS);
  });

  it('takes per-call retry statuses (a 502 may be retried where a 504 must not be)', () => {
    const message = { ...create, idempotent: true, retryStatuses: [502] };
    expect(shouldRetry(status(502), message, half)).toBe(375);
    expect(shouldRetry(status(504), message)).toBeNull();
  });
});

describe('shouldRetry: statuses that say nothing was done', () => {
  it('re-sends a call that is not idempotent after one of them, and nothing else', () => {
    const message = { ...create, resendStatuses: [502] };
    expect(shouldRetry(status(502), message, half)).toBe(375);
    for (const code of [408, 500, 503, 504]) expect(shouldRetry(status(code), message)).toBeNull();
    expect(shouldRetry({ type: 'network' }, message)).toBeNull();
    expect(shouldRetry({ type: 'timeout' }, message)).toBeNull();
    expect(shouldRetry(status(502), { ...message, retries: 2 })).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles per retry, capped, with equal jitter (never zero, never above the capped delay)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, BACKOFF, () => 0))).toEqual([
      250, 500, 1000, 2000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, BACKOFF, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay seconds and HTTP dates; ignores what it cannot read', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBe(0);
    for (const value of [undefined, null, '', '  ', 'soon']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
