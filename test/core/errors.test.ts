import { describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  BadRequestError,
  RateLimitError,
  RequestValidationError,
  TavusError,
  isTavusError,
} from '../../src/index.js';

describe('isTavusError', () => {
  it('matches by kind, counting parents', () => {
    const e = new RateLimitError({ status: 429, method: 'GET', path: '/v2/faces', headers: { 'retry-after': '2' } });
    expect(isTavusError(e)).toBe(true);
    expect(isTavusError(e, 'RateLimitError')).toBe(true);
    expect(isTavusError(e, 'APIError')).toBe(true);
    expect(isTavusError(e, 'BadRequestError')).toBe(false);
    expect(e.retryAfterMs).toBe(2000);
    expect(isTavusError(new APITimeoutError('t'), 'APIConnectionError')).toBe(true);
    expect(isTavusError(new Error('plain'))).toBe(false);
    expect(isTavusError(null)).toBe(false);
  });

  it('recognises errors from another copy of the SDK (brand, not instanceof)', async () => {
    // A second module instance stands for a second copy of the package (ESM + CJS, or two versions).
    vi.resetModules();
    const copy = await import('../../src/errors.js');
    const foreign = new copy.BadRequestError({
      status: 400,
      method: 'GET',
      path: '/x',
      body: { error: 'Invalid face_id' },
    });
    expect(foreign).not.toBeInstanceOf(BadRequestError);
    expect(isTavusError(foreign, 'BadRequestError')).toBe(true);
    expect(isTavusError(foreign, 'APIError')).toBe(true);
  });

  it('names and serialises', () => {
    const e = new RequestValidationError('train_video_url', 'expected an absolute http(s) URL');
    expect(e.name).toBe('RequestValidationError');
    expect(e).toBeInstanceOf(TavusError);
    expect(e.toJSON()).toEqual({
      name: 'RequestValidationError',
      kind: 'RequestValidationError',
      message: 'train_video_url: expected an absolute http(s) URL',
      field: 'train_video_url',
    });
    const c = new APIConnectionError('down', { cause: new Error('ECONNRESET') });
    expect((c.cause as Error).message).toBe('ECONNRESET');
  });

  it('parses Retry-After as an HTTP date', () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    const e = new RateLimitError({ status: 429, method: 'GET', path: '/x', headers: { 'retry-after': at } });
    expect(e.retryAfterMs).toBeGreaterThan(8_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(10_000);
  });
});
