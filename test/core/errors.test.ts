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

describe('the error table', () => {
  it('every exported error class is in the table: its kind and name are its class name', async () => {
    vi.resetModules();
    const all = await import('../../src/index.js');
    const classes = Object.entries(all).filter(
      ([, value]) =>
        typeof value === 'function' && (value === all.TavusError || value.prototype instanceof all.TavusError),
    );
    expect(classes.map(([name]) => name).sort()).toEqual([
      'APIConnectionError',
      'APIError',
      'APITimeoutError',
      'APIUserAbortError',
      'AuthenticationError',
      'BadRequestError',
      'ConflictError',
      'InternalServerError',
      'NotFoundError',
      'PermissionDeniedError',
      'RateLimitError',
      'RedirectError',
      'RequestValidationError',
      'ResponseValidationError',
      'TavusError',
      'TrainingFailedError',
      'TrainingMediaError',
      'TrainingTimeoutError',
      'UnprocessableEntityError',
      'VoiceFailedError',
    ]);
    const made = [
      new all.TavusError('m'),
      new all.APIConnectionError('m'),
      new all.APITimeoutError('m'),
      new all.APIUserAbortError('m'),
      new all.APIError({ status: 418, method: 'GET', path: '/x' }),
      new all.RedirectError({ method: 'GET', path: '/x', status: 302, targetOrigin: undefined, targetPath: undefined }),
      new all.ResponseValidationError([]),
      new all.RequestValidationError('f', 'm'),
      new all.TrainingFailedError({ faceId: 'r1', errorMessage: null, lastProgress: null, stage: 'training' }),
      new all.TrainingTimeoutError({ faceId: 'r1', deadline: 0, lastStatus: null }),
      new all.TrainingMediaError({ ok: false, model_name: 'phoenix-4', problems: [], reports: {} }),
      new all.VoiceFailedError('v1', null),
    ];
    for (const error of made) {
      expect(error.kind).toBe(error.constructor.name);
      expect(error.name).toBe(error.kind);
      expect(all.isTavusError(error, error.kind)).toBe(true);
    }
    expect(all.isTavusError(new all.APITimeoutError('t'), 'APIConnectionError')).toBe(true);
    expect(all.isTavusError(new all.APIConnectionError('t'), 'APITimeoutError')).toBe(false);
  });

  it('an app subclass takes its nearest tavus-faces kind', () => {
    class MyError extends APIConnectionError {}
    const e = new MyError('x');
    expect(e.kind).toBe('APIConnectionError');
    expect(isTavusError(e, 'APIConnectionError')).toBe(true);
  });

  it('makeAPIError picks the class by status, and the APIError constructor scrubs what it keeps', async () => {
    const { makeAPIError } = await import('../../src/errors.js');
    const secret = 'tvs_scrub_me_123';
    const e = makeAPIError({
      status: 418,
      method: 'POST',
      path: '/v2/pals',
      body: { error: `bad ${secret}`, [secret]: 1, nested: { api_key: 'sk-x' } },
      headers: new Headers({ 'x-echo': secret, 'set-cookie': 'a=b' }),
      secrets: [secret],
    });
    expect(e.kind).toBe('APIError');
    expect(JSON.stringify(e) + e.message + JSON.stringify(e.headers)).not.toContain(secret);
    expect(e.body).toEqual({ error: 'bad [redacted]', '[redacted]': 1, nested: { api_key: '[redacted]' } });
    expect(e.headers).toEqual({ 'x-echo': '[redacted]', 'set-cookie': '[redacted]' });
    for (const [status, kind] of [
      [400, 'BadRequestError'],
      [401, 'AuthenticationError'],
      [403, 'PermissionDeniedError'],
      [404, 'NotFoundError'],
      [409, 'ConflictError'],
      [422, 'UnprocessableEntityError'],
      [429, 'RateLimitError'],
      [500, 'InternalServerError'],
      [599, 'InternalServerError'],
    ] as const) {
      expect(makeAPIError({ status, method: 'GET', path: '/x' }).kind).toBe(kind);
    }
  });
});
