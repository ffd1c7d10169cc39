/**
 * What `tavus.pals` checks before sending anything, as pure functions: each returns what to send
 * or throws a {@link RequestValidationError} naming the field. Messages name fields and types,
 * never a value: PAL layers carry provider keys.
 *
 * @module
 * @internal
 */
import {
  applyMergePatchQuietly,
  checkJsonValue,
  isJsonObject,
  type JsonPatchOperation,
  validateJsonPatch,
} from '../core/json-patch.js';
import { closest } from '../core/suggest.js';
import { formatPath } from '../core/validation.js';
import { RequestValidationError } from '../errors.js';
import { withoutBlankOptionals } from './checks.js';
import { palSchemas } from '../schemas/pal.js';
import { currentNames, currentOperation, type OnLegacyName } from './pals.legacy.js';
import { touchesConferencing } from './pals.patch-plan.js';

/** Fields of a PAL that only the API sets: not something to create or change. */
const READ_ONLY = ['pal_id', 'conferencing_email', 'created_at', 'updated_at'];

/**
 * The body of Create PAL: `default_face_id` is required, and `system_prompt` unless
 * `pipeline_mode` is `echo`; persona-era names are sent under their PAL names.
 *
 * @internal
 */
export function checkCreateParams(params: unknown, onLegacy: OnLegacyName): Record<string, unknown> {
  const body = withoutBlankOptionals(
    named(params, 'params', 'expected an object with default_face_id and system_prompt', onLegacy),
    true,
  );
  checkPalFields(body);
  if (typeof body.default_face_id !== 'string') {
    throw new RequestValidationError('default_face_id', 'is required on /v2/pals (a face id)');
  }
  if (body.pipeline_mode !== 'echo' && body.system_prompt === undefined) {
    throw new RequestValidationError('system_prompt', "is required unless pipeline_mode is 'echo'");
  }
  return body;
}

/** The changes of `pals.update` (a JSON Merge Patch), under PAL names. @internal */
export function checkUpdateChanges(changes: unknown, onLegacy: OnLegacyName): Record<string, unknown> {
  const merge = named(changes, 'changes', 'expected an object (a JSON Merge Patch of the PAL)', onLegacy);
  checkPalFields(merge, true);
  return merge;
}

/**
 * A JSON Patch for `pals.patch`: valid RFC 6902 operations (values are not judged: the API decides,
 * and may know fields we do not), at least one, not mixing `layers.conferencing` with other fields.
 *
 * @internal
 */
export function checkPatchOperations(operations: unknown, onLegacy: OnLegacyName): JsonPatchOperation[] {
  const ops = validateJsonPatch(operations).map((op) => currentOperation(op, onLegacy));
  if (ops.length === 0) {
    throw new RequestValidationError('operations', 'the patch is empty; pass at least one operation');
  }
  const conferencing = ops.map(touchesConferencing);
  const mixed = conferencing.findIndex((c) => c !== conferencing[0]);
  if (mixed !== -1) {
    throw new RequestValidationError(
      `operations[${mixed}].path`,
      'the API takes changes to /layers/conferencing only in a patch of their own; split the operations, ' +
        'or use pals.update',
    );
  }
  return ops;
}

/** The `force` option of `patch` and `update`. @internal */
export function checkForce(force: unknown): boolean {
  if (force !== undefined && typeof force !== 'boolean') {
    throw new RequestValidationError('force', 'expected a boolean');
  }
  return force === true;
}

/** A string parameter that must not be blank (`username`; `pal_type` when given). @internal */
export function checkNonBlank(field: string, value: unknown, message = 'expected a non-blank string'): void {
  if (typeof value !== 'string' || isBlank(value)) throw new RequestValidationError(field, message);
}

function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** An object of JSON values, copied with persona-era names under their PAL names. */
function named(value: unknown, field: string, notObject: string, onLegacy: OnLegacyName): Record<string, unknown> {
  if (!isJsonObject(value)) throw new RequestValidationError(field, notObject);
  checkJsonValue(value, field);
  return currentNames(value, onLegacy) as Record<string, unknown>;
}

/**
 * For JavaScript callers, whom the types do not reach: an unknown top-level field is refused with
 * the closest documented name, and documented fields, inside layers too, must have their
 * documented types.
 */
function checkPalFields(fields: Record<string, unknown>, mergePatch?: boolean): void {
  // The fields `create` and `update` take are the PAL schema's, less the read-only ones (persona-era
  // names are renamed before this check).
  const schema = palSchemas().pal;
  const known = Object.keys(schema.def.shape).filter((key) => !READ_ONLY.includes(key));
  // Own keys only: `constructor` or `__proto__` is a name like any other here.
  const unknown = Object.keys(fields).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    // Only a close name is offered (`unknownNameMessage` would list them all): every byte counts in
    // the browser bundle, and the types and the docs list the fields.
    const guess = closest(unknown, known);
    throw new RequestValidationError(
      unknown,
      `unknown field "${unknown}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
    );
  }
  // The response schema is the one description of a PAL's field types; its objects are loose, so
  // unknown layer fields pass, as the API grows. Only types are judged: an enum value we do not
  // know yet (a string) is fine. In a merge patch a `null` member removes, whatever the type.
  const checked = mergePatch ? applyMergePatchQuietly({}, fields) : fields;
  const issue = schema
    .safeParse({ ...(checked as object), pal_id: '' }, { reportInput: true })
    .error?.issues.find((i) => i.code !== 'invalid_value' || typeof i.input !== 'string');
  if (!issue) return;
  // A union (`tts_emotion_control`) expects what its first member does; an enum, a string.
  const union = issue as { errors?: { expected?: string }[][] };
  const { expected = 'string' } = (union.errors?.[0]?.[0] ?? issue) as { expected?: string };
  // A wrong array item is reported on the array (`document_tags`), the item in the message.
  const at = formatPath(issue.path);
  const field = at.replace(/\[.*/, '');
  throw new RequestValidationError(field, `expected ${expected}${at === field ? '' : ` in ${at.slice(field.length)}`}`);
}
