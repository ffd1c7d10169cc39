import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { BASE, fixture, recordRequests, useMsw } from '../helpers/msw.js';

/**
 * Face snapshots for training sequences: the documented Get Face sample
 * (test/fixtures/faces.get.response.json, from https://docs.tavus.io/api-reference/faces/get-face)
 * with the training fields a test steps through.
 */
export async function faceFactory() {
  const { body } = await fixture<Record<string, unknown>>('faces.get.response.json');
  return (faceId: string, status: string, progress: string | null, extra: Record<string, unknown> = {}) => ({
    ...body,
    face_id: faceId,
    status,
    training_progress: progress,
    error_message: null,
    ...extra,
  });
}

/** One step of a scripted Get Face: a body (200) or an error status with a body and headers. */
export type Step = Record<string, unknown> | { status: number; body: unknown; headers?: Record<string, string> };

/** A Get Face handler that answers with `steps` in order, repeating the last; records request times. */
export function scriptedFace(faceId: string, steps: Step[]) {
  const times: number[] = [];
  let i = 0;
  const handler = http.get(`${BASE}/v2/faces/${faceId}`, () => {
    times.push(Date.now());
    const step = steps[Math.min(i, steps.length - 1)] as Step;
    i += 1;
    if (typeof step.status === 'number' && 'body' in step) {
      const s = step as { status: number; body: unknown; headers?: Record<string, string> };
      return HttpResponse.json(s.body as Record<string, unknown>, { status: s.status, headers: s.headers ?? {} });
    }
    return HttpResponse.json(step);
  });
  return { handler, times };
}

/** Fake timers that leave msw's own scheduling alone. */
export function fakeTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-11-24T00:00:00Z'));
}

/**
 * The setup every training test file shares: msw with a request log, fake timers, and the face
 * factory (loaded once; call `face(...)` inside tests).
 */
export function useTrainingSetup() {
  const server = useMsw();
  const requests = recordRequests(server);
  let factory: Awaited<ReturnType<typeof faceFactory>> | undefined;
  beforeAll(async () => {
    factory = await faceFactory();
  });
  beforeEach(() => {
    requests.length = 0;
    fakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  const face: Awaited<ReturnType<typeof faceFactory>> = (...args) => {
    if (!factory) throw new Error('face() is only available inside tests');
    return factory(...args);
  };
  return { server, requests, face };
}

/** What `call` throws, `undefined` when it returns: for asserting on an error's fields. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Follows a promise without awaiting it (fake timers would hang on one that never settles):
 * `value` is `'pending'`, then `'resolved'` or the rejection's error.
 */
export function follow(promise: Promise<unknown>): { readonly value: unknown } {
  const state: { value: unknown } = { value: 'pending' };
  promise.then(
    () => {
      state.value = 'resolved';
    },
    (error: unknown) => {
      state.value = error;
    },
  );
  return state;
}

/** Records every event of a watch, in order. */
export function record(watch: { on: (event: never, fn: (payload: never) => void) => unknown }) {
  const log: [string, unknown][] = [];
  for (const name of ['status', 'progress', 'finetune', 'retry', 'warning', 'completed', 'failed']) {
    watch.on(name as never, ((payload: unknown) => log.push([name, payload])) as never);
  }
  return log;
}
