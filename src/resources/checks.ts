/**
 * Input checks every resource shares: pure functions that throw `RequestValidationError` before
 * any request is sent.
 *
 * @module
 * @internal
 */
import { RequestValidationError } from '../errors.js';

/**
 * The own fields of `params` without those that are `undefined` or a blank string: the reference's
 * own examples send `callback_url: ""`, and an empty optional string means absent (contract
 * decision 15). The copy has a null prototype, so a field named `__proto__` stays a field (an
 * assignment on a plain object would set the prototype instead) and no check can ever read an
 * inherited value (`body.train_video_url` from `Object.prototype`).
 *
 * @internal
 */
export function withoutBlankOptionals(params: object): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    out[key] = value;
  }
  return out;
}

/** Throws unless each of `keys` in `body` is absent or a string. @internal */
export function expectStrings(body: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    const value = body[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new RequestValidationError(key, `expected a string, got ${typeOf(value)}`);
    }
  }
}

/** `value` when it is a non-blank string; otherwise a `RequestValidationError` naming `field`. @internal */
export function nonBlank(field: string, value: unknown, message = 'must be a non-blank string'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RequestValidationError(field, message);
  return value;
}

/** `typeof`, telling `null` and arrays apart, for messages. @internal */
export function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
