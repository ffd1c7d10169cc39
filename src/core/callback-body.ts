/**
 * What every webhook parser does first: refuse a body too deep to walk, parse JSON text, and insist
 * on an object. The parsers (training, conversations, voices) then read their own fields.
 *
 * @module
 * @internal
 */
import { RequestValidationError, ResponseValidationError } from '../errors.js';
import { textNestsDeeper, valueNestsDeeper } from './depth.js';

/** Deeper than any webhook body (they nest a few levels), and far from any engine's stack limit. @internal */
export const MAX_CALLBACK_DEPTH = 64;

/** Where webhook errors say the body came from. @internal */
export const CALLBACK_REQUEST = { method: 'POST', path: 'callback_url' } as const;

/**
 * The webhook body (parsed, or its JSON text) as an object.
 *
 * @throws RequestValidationError on `body` when it nests more than {@link MAX_CALLBACK_DEPTH} levels
 *   or is circular, measured before parsing or walking, so no engine's JSON.parse (some recurse),
 *   structuredClone or zod sees a deep body.
 * @throws ResponseValidationError when it is not JSON or not an object.
 * @internal
 */
export function readCallbackBody(body: unknown): Record<string, unknown> {
  const deep =
    typeof body === 'string' ? textNestsDeeper(body, MAX_CALLBACK_DEPTH) : valueNestsDeeper(body, MAX_CALLBACK_DEPTH);
  if (deep) {
    throw new RequestValidationError('body', `nested more than ${MAX_CALLBACK_DEPTH} levels deep (or circular)`);
  }
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidCallback('callback body is not valid JSON', 'invalid_json');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidCallback('expected a JSON object', 'invalid_type');
  }
  return value as Record<string, unknown>;
}

function invalidCallback(message: string, code: string): ResponseValidationError {
  return new ResponseValidationError([{ path: '', message, code }], CALLBACK_REQUEST);
}
