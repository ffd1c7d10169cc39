/**
 * Direct tests of src/training/lifecycle.ts, what both watchers share about ending: the lazy
 * `done` (Settlement), the signal-and-deadline wiring, and listeners whose exceptions end a watch.
 */
import { EventEmitter } from 'eventemitter3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIUserAbortError, RequestValidationError, TavusError } from '../../src/errors.js';
import { Settlement, abortedError, armOutsideEnds, emitOrFail, stoppedError } from '../../src/training/lifecycle.js';

/** Collects the unhandled rejections Node reports while `run` and two macrotasks after it go by. */
async function unhandledDuring(run: () => void | Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return seen;
}

describe('Settlement', () => {
  const error = new TavusError('ended');

  it('resolves a promise read before it settles, and gives a settled one to a late reader', async () => {
    const early = new Settlement<number>(() => false);
    const promise = early.promise;
    expect(early.promise).toBe(promise);
    expect(early.settled).toBe(false);
    expect(early.result).toBeUndefined();
    early.resolve(1);
    await expect(promise).resolves.toBe(1);
    expect(early.result).toEqual({ ok: true, value: 1 });

    const late = new Settlement<number>(() => false);
    late.resolve(2);
    expect(late.settled).toBe(true);
    await expect(late.promise).resolves.toBe(2);
  });

  it('settles once: later calls change nothing', async () => {
    const settlement = new Settlement<number>(() => false);
    settlement.resolve(1);
    settlement.reject(error);
    settlement.resolve(3);
    await expect(settlement.promise).resolves.toBe(1);
    const rejected = new Settlement<number>(() => false);
    rejected.reject(error);
    rejected.resolve(1);
    await expect(rejected.promise).rejects.toBe(error);
  });

  it('a rejection nobody read leaves no unhandled rejection; a late reader still gets it', async () => {
    const settlement = new Settlement<number>(() => false);
    expect(await unhandledDuring(() => settlement.reject(error))).toEqual([]);
    await expect(settlement.promise).rejects.toBe(error);
  });

  it('a quiet rejection of a promise read but not awaited is handled, read before or after it', async () => {
    const before = new Settlement<number>(() => true);
    const after = new Settlement<number>(() => true);
    const seen = await unhandledDuring(() => {
      void before.promise;
      before.reject(error);
      after.reject(error);
      void after.promise;
    });
    expect(seen).toEqual([]);
    // Handled, but still rejected for whoever awaits it.
    await expect(before.promise).rejects.toBe(error);
    await expect(after.promise).rejects.toBe(error);
  });

  // Were quiet() asked when the promise is made (false then), this rejection would go unhandled.
  it('asks quiet() when the rejection happens, not when the promise is made', async () => {
    let quiet = false;
    const settlement = new Settlement<number>(() => quiet);
    const seen = await unhandledDuring(() => {
      void settlement.promise;
      quiet = true;
      settlement.reject(error);
    });
    expect(seen).toEqual([]);
  });
});

describe('armOutsideEnds', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-24T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const ends = () => ({ abort: vi.fn(), expire: vi.fn() });

  it('an aborted signal or a passed deadline: nothing is armed, and the end comes on a microtask', async () => {
    const aborted = ends();
    const signal = AbortSignal.abort('why');
    expect(armOutsideEnds(signal, Date.now() + 1_000, aborted)).toBeUndefined();
    expect(aborted.abort).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(aborted.abort).toHaveBeenCalledWith(signal);

    const expired = ends();
    expect(armOutsideEnds(undefined, Date.now(), expired)).toBeUndefined();
    expect(expired.expire).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(expired.expire).toHaveBeenCalledTimes(1);
    expect(expired.abort).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('calls abort when the signal fires and expire at the deadline', () => {
    const controller = new AbortController();
    const onAbort = ends();
    armOutsideEnds(controller.signal, Date.now() + 1_000, onAbort);
    controller.abort();
    expect(onAbort.abort).toHaveBeenCalledWith(controller.signal);

    const onDeadline = ends();
    armOutsideEnds(new AbortController().signal, Date.now() + 1_000, onDeadline);
    vi.advanceTimersByTime(1_000);
    expect(onDeadline.expire).toHaveBeenCalledTimes(1);
  });

  it('the disarm function it returns removes the timer and the abort listener', () => {
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const calls = ends();
    const disarm = armOutsideEnds(controller.signal, Date.now() + 1_000, calls);
    expect(vi.getTimerCount()).toBe(1);
    disarm?.();
    expect(vi.getTimerCount()).toBe(0);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    controller.abort();
    vi.advanceTimersByTime(5_000);
    expect(calls.abort).not.toHaveBeenCalled();
    expect(calls.expire).not.toHaveBeenCalled();
  });
});

describe('abortedError, stoppedError and emitOrFail', () => {
  it('name the watch; an abort carries the signal reason', () => {
    const reason = new Error('user left');
    const aborted = abortedError('batch training watch', AbortSignal.abort(reason));
    expect(aborted).toBeInstanceOf(APIUserAbortError);
    expect(aborted.message).toBe('The batch training watch was aborted');
    expect(aborted.cause).toBe(reason);
    expect(stoppedError('training watch of face r1').message).toBe('The training watch of face r1 was stopped');
  });

  it('a listener that throws reaches fail() as a TavusError naming the event; one that returns does not', () => {
    const emitter = new EventEmitter();
    const fail = vi.fn();
    const heard: unknown[] = [];
    emitter.on('progress', (payload) => heard.push(payload));
    emitOrFail(emitter, 'training watch of face r1', 'progress', 42, fail);
    expect(heard).toEqual([42]);
    expect(fail).not.toHaveBeenCalled();

    const bug = new RequestValidationError('x', 'thrown by the listener');
    emitter.on('progress', () => {
      throw bug;
    });
    emitOrFail(emitter, 'training watch of face r1', 'progress', 43, fail);
    expect(fail).toHaveBeenCalledTimes(1);
    const error = fail.mock.calls[0]?.[0] as TavusError;
    expect(error.kind).toBe('TavusError');
    expect(error.cause).toBe(bug);
    expect(error.message).toBe(
      'A "progress" listener of the training watch of face r1 threw: x: thrown by the listener',
    );
  });
});
