/**
 * Direct tests of src/training/tracker.ts: the pure pieces every watch is made of (option and id
 * checks, which poll errors are worth repeating, backoff, the deadline timer, and the per-face
 * state machine with its ETA), without HTTP.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS } from '../../src/core/sleep.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  TavusError,
  TrainingFailedError,
  isTavusError,
} from '../../src/errors.js';
import type { Face } from '../../src/schemas/face.js';
import {
  DEFAULT_INTERVAL_MS,
  DEFAULT_MAX_CONSECUTIVE_ERRORS,
  DEFAULT_TIMEOUT_MS,
  MIN_INTERVAL_MS,
  RESUME_OPTION_NAMES,
  Tracker,
  type TrackerSink,
  armDeadline,
  asTavusError,
  backoffDelay,
  checkFaceId,
  isTransient,
  listenerError,
  resolveOptions,
} from '../../src/training/tracker.js';
import { thrown } from './helpers.js';

describe('resolveOptions', () => {
  it('fills in the documented defaults, for no options, undefined and null alike', () => {
    const defaults = {
      intervalMs: DEFAULT_INTERVAL_MS,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxConsecutiveErrors: DEFAULT_MAX_CONSECUTIVE_ERRORS,
      until: 'usable',
      signal: undefined,
    };
    expect(defaults).toMatchObject({ intervalMs: 30_000, timeoutMs: 8 * 3_600_000, maxConsecutiveErrors: 10 });
    expect(resolveOptions(undefined)).toEqual(defaults);
    expect(resolveOptions({})).toEqual(defaults);
    expect(resolveOptions(null as never)).toEqual(defaults);
    expect(resolveOptions({ intervalMs: undefined, until: undefined })).toEqual(defaults);
  });

  it('keeps good values and raises intervals below the floor', () => {
    const signal = new AbortController().signal;
    expect(resolveOptions({ intervalMs: 250, timeoutMs: 5, maxConsecutiveErrors: 1, until: 'tuned', signal })).toEqual({
      intervalMs: 250,
      timeoutMs: 5,
      maxConsecutiveErrors: 1,
      until: 'tuned',
      signal,
    });
    expect(MIN_INTERVAL_MS).toBe(10);
    expect(resolveOptions({ intervalMs: 0 }).intervalMs).toBe(10);
    expect(resolveOptions({ intervalMs: 9.5 }).intervalMs).toBe(10);
  });

  it.each([
    ['a non-object', 'fast', 'options'],
    ['a negative interval', { intervalMs: -1 }, 'intervalMs'],
    ['a NaN interval', { intervalMs: Number.NaN }, 'intervalMs'],
    ['a string interval', { intervalMs: '100' }, 'intervalMs'],
    ['a zero timeout', { timeoutMs: 0 }, 'timeoutMs'],
    ['an infinite timeout', { timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
    ['a fractional error budget', { maxConsecutiveErrors: 1.5 }, 'maxConsecutiveErrors'],
    ['a zero error budget', { maxConsecutiveErrors: 0 }, 'maxConsecutiveErrors'],
    ['an unknown goal', { until: 'ready' }, 'until'],
    ['a signal that is not one', { signal: {} }, 'signal'],
  ])('refuses %s with a RequestValidationError naming the field', (_, options, field) => {
    const error = thrown(() => resolveOptions(options as never));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe(field);
  });

  it('names an unknown option and the closest valid name, or lists the valid ones', () => {
    expect(thrown(() => resolveOptions({ intervalMS: 10 } as never))).toMatchObject({
      field: 'intervalMS',
      message: 'intervalMS: unknown option "intervalMS" (did you mean "intervalMs"?)',
    });
    expect(thrown(() => resolveOptions({ signl: null } as never))).toMatchObject({
      message: 'signl: unknown option "signl" (did you mean "signal"?)',
    });
    expect(thrown(() => resolveOptions({ color: 'red' } as never))).toMatchObject({
      field: 'color',
      message:
        'color: unknown option "color"; expected one of "intervalMs", "timeoutMs", "signal", "maxConsecutiveErrors", "until"',
    });
    // `constructor` and `__proto__` are plain names when they are own keys.
    expect(thrown(() => resolveOptions(JSON.parse('{"__proto__": 1}')))).toMatchObject({ field: '__proto__' });
    expect(thrown(() => resolveOptions({ constructor: 1 } as never))).toMatchObject({ field: 'constructor' });
  });

  it('takes fewer names for resume, and says why a watch option is refused there', () => {
    expect(RESUME_OPTION_NAMES).toEqual(['intervalMs', 'signal', 'maxConsecutiveErrors']);
    expect(resolveOptions({ intervalMs: 50 }, RESUME_OPTION_NAMES).intervalMs).toBe(50);
    expect(thrown(() => resolveOptions({ until: 'tuned' }, RESUME_OPTION_NAMES))).toMatchObject({
      field: 'until',
      message: 'until: resumeWatch takes no "until": the deadline and goal come from the handle',
    });
    expect(thrown(() => resolveOptions({ intervalMS: 1 } as never, RESUME_OPTION_NAMES))).toMatchObject({
      message: 'intervalMS: unknown option "intervalMS" (did you mean "intervalMs"?)',
    });
  });

  it('reads own properties only: nothing inherited sets an option or counts as a typo', () => {
    const inherited = Object.create({ intervalMs: 5_000, intervalMS: 1, until: 'soon' }) as object;
    expect(resolveOptions(inherited)).toMatchObject({ intervalMs: DEFAULT_INTERVAL_MS, until: 'usable' });
    // A non-enumerable own key is not listed by Object.keys, and is read like any own value.
    const hidden = Object.defineProperty({}, 'intervalMs', { value: 42, enumerable: false });
    expect(resolveOptions(hidden).intervalMs).toBe(42);
  });
});

describe('checkFaceId', () => {
  it.each(['r90bbd427f71', 'a', '...', '.hidden', 'r😀', ' r1 '])('accepts %j', (id) => {
    expect(() => checkFaceId('faceId', id)).not.toThrow();
  });

  it.each([
    ['an empty id', ''],
    ['a blank id', '   '],
    ['an id with a comma', 'a,b'],
    ['"."', '.'],
    ['".."', '..'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', 'r\uDFFFx'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a bigint', 1n],
    ['an array', ['r1']],
  ])('refuses %s with a RequestValidationError, never another error', (_, id) => {
    const error = thrown(() => checkFaceId('faceId', id));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe('faceId');
  });

  it('describes a value that cannot be put in JSON by its type', () => {
    expect(thrown(() => checkFaceId('faceIds[2]', 1n))).toMatchObject({
      message: 'faceIds[2]: expected a non-empty face id string, got bigint',
    });
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i += 1) deep = { deep };
    expect(thrown(() => checkFaceId('faceId', deep))).toMatchObject({ message: expect.stringContaining('got object') });
  });
});

describe('isTransient and asTavusError', () => {
  const api = (status: number) => new APIError({ status, method: 'GET', path: '/v2/faces/r1' });
  const bad = (code: string) => new ResponseValidationError([{ path: '', message: 'x', code }]);

  it.each([
    ['408', api(408), true],
    ['429', new RateLimitError({ status: 429, method: 'GET', path: '/' }), true],
    ['500', new InternalServerError({ status: 500, method: 'GET', path: '/' }), true],
    ['503', api(503), true],
    ['a connection failure', new APIConnectionError('reset'), true],
    ['a timeout', new APITimeoutError('slow'), true],
    ['a body cut off mid-transfer', bad('invalid_json'), true],
    ['400', new BadRequestError({ status: 400, method: 'GET', path: '/' }), false],
    ['401', api(401), false],
    ['403', api(403), false],
    ['404', api(404), false],
    ['409', api(409), false],
    ['422', api(422), false],
    ['a contract break', bad('invalid_type'), false],
    ['a RequestValidationError', new RequestValidationError('id', 'bad'), false],
    ['an abort', new APIUserAbortError('stopped'), false],
    [
      'a failed training',
      new TrainingFailedError({ faceId: 'r1', errorMessage: null, lastProgress: 1, stage: 'training' }),
      false,
    ],
    ['a plain TavusError (a throwing listener)', new TavusError('listener'), false],
    ['a foreign error', new TypeError('bug'), false],
    ['a thrown string', 'oops', false],
  ])('%s: transient %s', (_, error, transient) => {
    expect(isTransient(error)).toBe(transient);
    expect(isTransient(asTavusError(error))).toBe(transient);
  });

  it('passes tavus-faces errors through and wraps anything else as a final TavusError with it as cause', () => {
    const ours = new BadRequestError({ status: 400, method: 'GET', path: '/' });
    expect(asTavusError(ours)).toBe(ours);
    const bug = new RangeError('deep');
    const wrapped = asTavusError(bug);
    expect(wrapped.kind).toBe('TavusError');
    expect(isTavusError(wrapped, 'APIConnectionError')).toBe(false);
    expect(wrapped.cause).toBe(bug);
    expect(wrapped.message).toBe('training poll failed: deep');
    // A thrown value whose toString throws is described, not called.
    const hostile = Object.create(null) as object;
    expect(asTavusError(hostile).message).toBe('training poll failed: a thrown object');
    expect(asTavusError('text').message).toBe('training poll failed: text');
  });

  it('listenerError names the event and the watch, with the listener error as cause', () => {
    const bug = new Error('boom');
    const error = listenerError('progress', 'training watch of face r1', bug);
    expect(error).toBeInstanceOf(TavusError);
    expect(error.kind).toBe('TavusError');
    expect(error.cause).toBe(bug);
    expect(error.message).toBe('A "progress" listener of the training watch of face r1 threw: boom');
    expect(isTransient(error)).toBe(false);
  });
});

describe('backoffDelay', () => {
  afterEach(() => vi.restoreAllMocks());
  const random = (value: number) => vi.spyOn(Math, 'random').mockReturnValue(value);

  it('doubles the interval per failure in a row, with ±20 % jitter', () => {
    random(0.5); // no jitter
    const error = new APIConnectionError('reset');
    expect([1, 2, 3, 4].map((n) => backoffDelay(error, n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    random(0);
    expect(backoffDelay(error, 1, 1_000)).toBe(800);
    random(0.999_999);
    expect(backoffDelay(error, 1, 1_000)).toBe(1_200);
  });

  it('is capped at five minutes, or at the interval when that is longer', () => {
    random(0.5);
    const error = new APIConnectionError('reset');
    expect(backoffDelay(error, 20, 1_000)).toBe(300_000);
    expect(backoffDelay(error, 200, 1_000)).toBe(300_000);
    expect(backoffDelay(error, 5, 600_000)).toBe(600_000);
  });

  it("is never shorter than the server's Retry-After", () => {
    random(0.5);
    const limited = new RateLimitError({ status: 429, method: 'GET', path: '/', headers: { 'retry-after': '7' } });
    expect(backoffDelay(limited, 1, 100)).toBe(7_000);
    const unavailable = api503({ 'retry-after': '3' });
    expect(backoffDelay(unavailable, 1, 100)).toBe(3_000);
    // A longer backoff wins over a short Retry-After.
    expect(backoffDelay(limited, 1, 60_000)).toBe(60_000);
  });

  function api503(headers: Record<string, string>) {
    return new InternalServerError({ status: 503, method: 'GET', path: '/', headers });
  }
});

describe('armDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-24T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('fires once, at the deadline', () => {
    const fired = vi.fn();
    armDeadline(Date.now() + 1_000, fired);
    vi.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires at once for a deadline already passed', () => {
    const fired = vi.fn();
    armDeadline(Date.now() - 1, fired);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("re-arms deadlines beyond setTimeout's limit in steps, rather than firing early", () => {
    const fired = vi.fn();
    const deadline = Date.now() + MAX_TIMER_MS + 60_000;
    armDeadline(deadline, fired);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(59_999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(deadline);
  });

  it('the function it returns disarms it, also between steps', () => {
    const fired = vi.fn();
    const disarm = armDeadline(Date.now() + MAX_TIMER_MS * 2, fired);
    vi.advanceTimersByTime(MAX_TIMER_MS + 5);
    disarm();
    disarm();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(MAX_TIMER_MS * 2);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('Tracker', () => {
  const T0 = Date.UTC(2026, 10, 24);
  const snapshot = (status: string, progress: string | null, extra: Partial<Face> = {}) =>
    ({ face_id: 'r1', status, training_progress: progress, error_message: null, ...extra }) as Face;

  /** A sink that records every report as a short line. */
  function sink(): TrackerSink & { log: string[] } {
    const log: string[] = [];
    return {
      log,
      status: (e) => log.push(`status ${e.from}->${e.to}`),
      progress: (e) => log.push(`progress ${e.percent} eta=${e.etaMs}`),
      finetune: (e) => log.push(`finetune ${e.from}->${e.to}`),
      warning: (e) => log.push(`warning ${e.kind}`),
    };
  }

  it('estimates the time left from an exponentially smoothed rate of progress', () => {
    const tracker = new Tracker('r1', 'usable');
    const s = sink();
    tracker.observe(snapshot('started', '0/100'), s, T0);
    tracker.observe(snapshot('started', '10/100'), s, T0 + 1_000); // 0.01 %/ms: 90 % left
    tracker.observe(snapshot('started', '20/100'), s, T0 + 2_000); // same rate
    // A slower sample weighs 30 %: 0.3 × 0.005 + 0.7 × 0.01 = 0.0085 %/ms for the 75 % left.
    tracker.observe(snapshot('started', '25/100'), s, T0 + 3_000);
    tracker.observe(snapshot('completed', '100/100'), s, T0 + 4_000);
    expect(s.log).toEqual([
      'status null->started',
      'progress 0 eta=null',
      'progress 10 eta=9000',
      'progress 20 eta=8000',
      `progress 25 eta=${Math.round(75 / 0.0085)}`,
      'status started->completed',
      'progress 100 eta=0',
    ]);
    expect(tracker.latest).toMatchObject({ percent: 100, raw: '100/100', etaMs: 0 });
  });

  it('has no ETA while progress stands still, and never reports progress going backwards', () => {
    const tracker = new Tracker('r1', 'usable');
    const s = sink();
    tracker.observe(snapshot('started', '40/100'), s, T0);
    tracker.observe(snapshot('started', '40/100'), s, T0 + 1_000);
    tracker.observe(snapshot('started', '30/100'), s, T0 + 2_000);
    tracker.observe(snapshot('started', null), s, T0 + 3_000);
    expect(s.log).toEqual(['status null->started', 'progress 40 eta=null']);
    expect(tracker.percent).toBe(40);
  });

  it('a resumed tracker reports its first reading again when it matches the saved progress, never lower', () => {
    const state = { status: 'started', progress: 60, finetuneStatus: null };
    const same = new Tracker('r1', 'usable', state);
    const s1 = sink();
    same.observe(snapshot('started', '60/100'), s1, T0);
    expect(s1.log).toEqual(['progress 60 eta=null']);
    const lower = new Tracker('r1', 'usable', state);
    const s2 = sink();
    lower.observe(snapshot('started', '55/100'), s2, T0);
    expect(s2.log).toEqual([]);
    expect(lower.state()).toEqual(state);
  });

  it('warns once per unknown status and asks for ever longer delays, up to 8 intervals', () => {
    const tracker = new Tracker('r1', 'usable');
    const s = sink();
    const delays: number[] = [];
    for (const status of ['queued', 'queued', 'queued', 'queued', 'processing', 'started']) {
      expect(tracker.observe(snapshot(status, null), s, T0)).toBeUndefined();
      delays.push(tracker.nextDelay(100));
    }
    expect(delays).toEqual([200, 400, 800, 800, 800, 100]);
    expect(s.log.filter((line) => line.startsWith('warning'))).toEqual([
      'warning unknown-status',
      'warning unknown-status',
    ]);
  });

  it.each([
    ['usable', snapshot('completed', '100/100'), 'ok'],
    ['usable', snapshot('ready', '100/100'), 'ok'],
    ['tuned', snapshot('completed', '100/100', { model_name: 'phoenix-4' }), 'ok'],
    ['tuned', snapshot('completed', '100/100', { model_name: 'phoenix-4.5', finetune_status: null }), 'pending'],
    ['tuned', snapshot('completed', '100/100', { model_name: 'phoenix-4.5', finetune_status: 'started' }), 'pending'],
    ['tuned', snapshot('completed', '100/100', { model_name: 'phoenix-4.5', finetune_status: 'completed' }), 'ok'],
    ['tuned', snapshot('completed', '100/100', { model_name: 'phoenix-4.5', finetune_status: 'errored' }), 'finetune'],
    ['usable', snapshot('started', '50/100'), 'pending'],
    ['usable', snapshot('error', '50/100', { error_message: 'No face found' }), 'training'],
  ] as const)('until %s, %j ends as %s', (until, face, expected) => {
    const outcome = new Tracker('r1', until).observe(face, sink(), T0);
    if (expected === 'pending') {
      expect(outcome).toBeUndefined();
    } else if (expected === 'ok') {
      expect(outcome).toEqual({ ok: true, face });
    } else {
      expect(outcome?.ok).toBe(false);
      const error = (outcome as { error: unknown }).error as TrainingFailedError;
      expect(error).toBeInstanceOf(TrainingFailedError);
      expect(error).toMatchObject({ faceId: 'r1', stage: expected, lastProgress: expected === 'training' ? 50 : 100 });
      if (expected === 'training') expect(error.errorMessage).toBe('No face found');
    }
  });
});
