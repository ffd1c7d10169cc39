/**
 * Waiting for a new voice: a voice is cloned in "up to a few minutes" and reports no progress, so
 * the wait is one sequential poll on the training watcher's machinery (its option checks, backoff
 * on transient errors, fail-fast on final ones, the client's clock) without a watch object's events.
 *
 * @module
 */
import type { Clock } from '../core/clock.js';
import { RequestValidationError, VoiceFailedError } from '../errors.js';
import type { Voice } from '../schemas/voice.js';
import { abortedError } from '../training/lifecycle.js';
import { asTavusError, backoffDelay, isTransient, resolveOptions } from '../training/tracker.js';

/** Options of `tavus.voices.waitUntilReady` (and `createAndWait`). */
export interface WaitForVoiceOptions {
  /** Time between polls of Get Voice, in milliseconds (at least 10; simulated time on the simulator). @default 5000 */
  intervalMs?: number;
  /** How long to wait, in milliseconds; then the wait rejects with `VoiceFailedError` (`timedOut: true`). @default 600000 (10 min) */
  timeoutMs?: number;
  /** Ends the wait; it then rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Transient failures in a row (429, 5xx, network errors) tolerated before the wait fails with the last. @default 10 */
  maxConsecutiveErrors?: number;
}

/** Reads one voice; the wait never sees a resource, only this. @internal */
export type RetrieveVoice = (voiceId: string, signal: AbortSignal | undefined) => Promise<Voice>;

const NAMES = ['intervalMs', 'timeoutMs', 'signal', 'maxConsecutiveErrors'];

/** Checks wait options (before a create, so a typo costs no voice) and fills in the defaults. @internal */
export function waitOptions(options: WaitForVoiceOptions | undefined): ReturnType<typeof resolveOptions> {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new RequestValidationError('options', 'expected an object');
  }
  return resolveOptions({ intervalMs: 5_000, timeoutMs: 600_000, ...options }, NAMES);
}

/**
 * Polls until the voice is `completed` (resolves with it), `error` (rejects with `VoiceFailedError`),
 * or the deadline passes (`VoiceFailedError` with `timedOut`). @internal
 */
export async function waitForVoice(
  retrieve: RetrieveVoice,
  voiceId: string,
  clock: Clock,
  options: WaitForVoiceOptions | undefined,
): Promise<Voice> {
  if (typeof voiceId !== 'string' || voiceId.trim() === '') {
    throw new RequestValidationError('voiceId', 'expected a non-empty voice id');
  }
  const { intervalMs, timeoutMs, signal, maxConsecutiveErrors } = waitOptions(options);
  const deadline = clock.now() + timeoutMs;
  const what = `wait for voice ${voiceId}`;
  let errors = 0;
  let last: string | null = null;
  for (;;) {
    if (signal?.aborted) throw abortedError(what, signal);
    let delay = intervalMs;
    try {
      const voice = await retrieve(voiceId, signal);
      errors = 0;
      last = voice.status ?? null;
      if (last === 'completed') return voice;
      if (last === 'error') throw new VoiceFailedError(voiceId, voice.error_message ?? null);
    } catch (caught) {
      if (signal?.aborted) throw abortedError(what, signal);
      const error = asTavusError(caught);
      errors += 1;
      if (!isTransient(error) || errors >= maxConsecutiveErrors) throw error;
      delay = backoffDelay(error, errors, intervalMs);
    }
    const left = deadline - clock.now();
    if (left <= 0) throw new VoiceFailedError(voiceId, null, true, last);
    await clock.sleep(Math.min(delay, left), signal);
  }
}
