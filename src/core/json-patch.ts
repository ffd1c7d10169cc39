/**
 * JSON Patch (RFC 6902), JSON Pointer (RFC 6901) and JSON Merge Patch (RFC 7386): the pure
 * helpers behind `tavus.pals.patch` and `tavus.pals.update`. Nothing here does I/O.
 *
 * @module
 */
import { RequestValidationError } from '../errors.js';

/**
 * A JSON Pointer (RFC 6901): `''` for the whole document, otherwise `/`-separated reference
 * tokens in which `~` is written `~0` and `/` is written `~1` (build one with
 * {@link formatPointer} or {@link escapePointer}).
 *
 * @example
 * ```ts
 * '/layers/llm/model'
 * ```
 */
export type JsonPointer = string;

/** RFC 6902 `add`: sets an object member (replacing it if present) or inserts into an array (`/-` appends). */
export interface JsonPatchAdd<P extends string = JsonPointer> {
  /** The operation: `add`. */
  op: 'add';
  /** Where to add. */
  path: P;
  /** The value to add: any JSON value. */
  value: unknown;
}

/** RFC 6902 `remove`: removes the member or array item at `path`, which must exist. */
export interface JsonPatchRemove<P extends string = JsonPointer> {
  /** The operation: `remove`. */
  op: 'remove';
  /** What to remove. */
  path: P;
  /** Not allowed: `remove` takes no value. */
  value?: never;
}

/** RFC 6902 `replace`: replaces the value at `path`, which must exist. */
export interface JsonPatchReplace<P extends string = JsonPointer> {
  /** The operation: `replace`. */
  op: 'replace';
  /** What to replace. */
  path: P;
  /** The new value: any JSON value. */
  value: unknown;
}

/** RFC 6902 `move`: removes the value at `from` and adds it at `path`. */
export interface JsonPatchMove<P extends string = JsonPointer> {
  /** The operation: `move`. */
  op: 'move';
  /** Where the value comes from; must not be a proper prefix of `path`. */
  from: P;
  /** Where it goes. */
  path: P;
}

/** RFC 6902 `copy`: adds a copy of the value at `from` at `path`. */
export interface JsonPatchCopy<P extends string = JsonPointer> {
  /** The operation: `copy`. */
  op: 'copy';
  /** Where the value is copied from. */
  from: P;
  /** Where the copy goes. */
  path: P;
}

/**
 * RFC 6902 `test`: the whole patch fails (and nothing is applied) unless the value at `path`
 * equals `value`. Put one first to guard a read-modify-write against concurrent edits.
 */
export interface JsonPatchTest<P extends string = JsonPointer> {
  /** The operation: `test`. */
  op: 'test';
  /** What to compare. */
  path: P;
  /** The value it must equal. */
  value: unknown;
}

/** One JSON Patch (RFC 6902) operation. `P` narrows the paths (e.g. to a document's known paths). */
export type JsonPatchOperation<P extends string = JsonPointer> =
  | JsonPatchAdd<P>
  | JsonPatchRemove<P>
  | JsonPatchReplace<P>
  | JsonPatchMove<P>
  | JsonPatchCopy<P>
  | JsonPatchTest<P>;

/** The six RFC 6902 operation names. */
export const JSON_PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;

/**
 * Escapes one reference token for a JSON Pointer (RFC 6901 §3): `~` → `~0`, then `/` → `~1`.
 *
 * @example
 * ```ts
 * escapePointer('a/b~c'); // 'a~1b~0c'
 * ```
 */
export function escapePointer(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Unescapes one reference token (RFC 6901 §4): `~1` → `/`, then `~0` → `~` (in that order, so
 * `~01` becomes `~1`, not `/`).
 */
export function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Builds a JSON Pointer from unescaped reference tokens.
 *
 * @example
 * ```ts
 * formatPointer(['layers', 'llm', 'headers', 'X-Trace/Id']); // '/layers/llm/headers/X-Trace~1Id'
 * ```
 */
export function formatPointer(tokens: readonly (string | number)[]): JsonPointer {
  return tokens.map((token) => `/${escapePointer(token)}`).join('');
}

/**
 * Splits a JSON Pointer into its unescaped reference tokens (`''` → `[]`).
 *
 * @throws RequestValidationError when `pointer` is not a valid JSON Pointer: not a string, not
 *   empty and not starting with `/`, or with a `~` not followed by `0` or `1`.
 */
export function parsePointer(pointer: string, field = 'path'): string[] {
  if (typeof pointer !== 'string') {
    throw new RequestValidationError(field, `expected a JSON Pointer string, got ${typeof pointer}`);
  }
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new RequestValidationError(field, 'a JSON Pointer must be empty or start with "/" (RFC 6901)');
  }
  if (/~(?![01])/.test(pointer)) {
    throw new RequestValidationError(
      field,
      'a JSON Pointer may use "~" only as the escapes "~0" (for ~) and "~1" (for /) (RFC 6901)',
    );
  }
  return pointer.slice(1).split('/').map(unescapePointer);
}

/**
 * Checks a JSON Patch document (RFC 6902) and returns a copy of its operations holding only the
 * members the RFC defines. Values are not judged (any JSON value passes, so the string `"true"` the
 * Tavus reference's own examples send is fine); they only have to be representable as JSON.
 * Error messages name the operation and member, never a value (values may be API keys).
 *
 * @throws RequestValidationError naming the offending member, e.g. `operations[2].from`.
 */
export function validateJsonPatch(operations: unknown, field = 'operations'): JsonPatchOperation[] {
  if (!Array.isArray(operations)) {
    throw new RequestValidationError(field, 'expected an array of JSON Patch operations (RFC 6902)');
  }
  return operations.map((raw: unknown, index): JsonPatchOperation => {
    const at = `${field}[${index}]`;
    if (!isJsonObject(raw)) throw new RequestValidationError(at, 'expected a JSON Patch operation object');
    const operation = raw;
    const op = operation.op as string;
    if (!(JSON_PATCH_OPS as readonly unknown[]).includes(op)) {
      throw new RequestValidationError(`${at}.op`, `expected one of ${JSON_PATCH_OPS.join(', ')}`);
    }
    const pathValue = operation.path as string;
    parsePointer(pathValue, `${at}.path`);
    switch (op) {
      case 'remove':
        return { op, path: pathValue };
      case 'add':
      case 'replace':
      case 'test':
        if (operation.value === undefined) {
          throw new RequestValidationError(`${at}.value`, `"${op}" needs a value (use null for JSON null)`);
        }
        checkJsonValue(operation.value, `${at}.value`);
        return { op: op as 'add' | 'replace' | 'test', path: pathValue, value: operation.value };
      default: {
        // move / copy
        const from = operation.from as string;
        if (from === undefined) throw new RequestValidationError(`${at}.from`, `"${op}" needs a "from" pointer`);
        parsePointer(from, `${at}.from`);
        // Into a child: `path` continues `from` with more reference tokens (escapes keep `/` apart).
        if (op === 'move' && pathValue.startsWith(`${from}/`)) {
          throw new RequestValidationError(`${at}.from`, 'a value cannot be moved into one of its own children');
        }
        return { op: op as 'move' | 'copy', from, path: pathValue };
      }
    }
  });
}

/** How deep a value we are given may nest objects and arrays; deeper, or circular, is refused. @internal */
export const MAX_DEPTH = 64;

/**
 * `depth + 1`, or past {@link MAX_DEPTH} a {@link RequestValidationError} naming `field`: the helpers
 * here recurse, and hostile or circular input must meet a typed error, not a stack overflow.
 */
function deeper(depth: number, field = 'value'): number {
  if (depth >= MAX_DEPTH) throw new RequestValidationError(field, 'nested too deeply (or circular)');
  return depth + 1;
}

/**
 * Throws a {@link RequestValidationError} naming `field` (never the value) when `value` cannot be
 * sent as JSON: a function, symbol, bigint or non-finite number anywhere inside it, or nesting
 * deeper than {@link MAX_DEPTH}.
 *
 * @param depth How deep `value` itself already is; a negative start allows that much more nesting.
 * @internal
 */
export function checkJsonValue(value: unknown, field: string, depth = 0): void {
  const type = typeof value;
  if (value === null || type === 'string' || type === 'boolean') return;
  if (type === 'number') {
    if (!Number.isFinite(value)) throw new RequestValidationError(field, 'numbers must be finite to be sent as JSON');
    return;
  }
  if (type === 'object') {
    for (const item of Array.isArray(value) ? value : Object.values(value as object)) {
      // Like JSON.stringify, an undefined member is simply left out.
      if (item !== undefined || Array.isArray(value)) checkJsonValue(item ?? null, field, deeper(depth, field));
    }
    return;
  }
  throw new RequestValidationError(field, `a value of type ${type} cannot be sent as JSON`);
}

/** A plain JSON object (not an array, not null). @internal */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `record[key]` when it is an own member of `record`, else `undefined`. Member names come from user
 * data, so `constructor`, `toString` or `__proto__` must read as plain names, never as what every
 * object inherits.
 *
 * @internal
 */
export function own(record: object | undefined, key: string): unknown {
  return record !== undefined && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * Structural equality of two JSON values (object key order does not matter; a member whose value is
 * `undefined` counts as absent): whether {@link diffToJsonPatch} finds nothing to change.
 *
 * @throws RequestValidationError when a value nests deeper than 64 levels (or is circular).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return diff(a, b, '', 0).length === 0;
}

/**
 * Applies a JSON Merge Patch (RFC 7386) and returns the result; neither argument is modified.
 * Objects merge key by key, `null` removes a member, anything else (arrays included) replaces.
 * A member whose value is `undefined` is ignored, as `JSON.stringify` would drop it.
 *
 * @throws RequestValidationError when `patch` nests deeper than 64 levels (or is circular).
 *
 * @example
 * ```ts
 * applyMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 } }); // { a: 1, b: { d: 3, e: 4 } }
 * ```
 */
export function applyMergePatch<T>(target: T, patch: unknown): T {
  return merge(target, patch, 0) as T;
}

/**
 * {@link applyMergePatch}, except that a patch object that only removes members the target does
 * not have adds nothing: plain RFC 7386 would still create it as an empty object
 * (`{ stt: { hotwords: null } }` on a document without `stt` adds `stt: {}`).
 *
 * @internal
 */
export function applyMergePatchQuietly<T>(target: T, patch: unknown): T {
  return merge(target, patch, 0, true) as T;
}

// Results are built from entries (a Map, `Object.fromEntries`): assigning `out[key]` would turn a
// member named `__proto__` into the result's prototype instead of a member.
function merge(target: unknown, patch: unknown, depth: number, quietly?: boolean): unknown {
  if (!isJsonObject(patch)) return clone(patch, depth);
  const out = new Map(isJsonObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) out.delete(key);
    else if (value !== undefined) {
      const before = out.get(key);
      const merged = merge(before, value, deeper(depth), quietly);
      // Quietly, an object made only of removals of what was not there is not added.
      if (!quietly || isJsonObject(before) || !isEmpty(merged) || isEmpty(value)) out.set(key, merged);
    }
  }
  return Object.fromEntries(out);
}

/** An object without members. @internal */
export function isEmpty(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 0;
}

function clone(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => clone(item, deeper(depth)));
  if (!isJsonObject(value)) return value;
  const out: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out.push([key, clone(item, deeper(depth))]);
  return Object.fromEntries(out);
}

/**
 * The smallest JSON Patch (RFC 6902) that turns `from` into `to`, for documents made of JSON
 * objects, arrays and scalars.
 *
 * - Objects are compared member by member: a member only in `from` is `remove`d, a member only in
 *   `to` is `add`ed, a changed member is `replace`d, and two objects are diffed recursively, so
 *   changing `layers.llm.model` sends one operation at `/layers/llm/model`.
 * - **Arrays are replaced whole** when they differ (one `replace` of the array). An index-level
 *   diff would be smaller for long arrays, but its operations are only right against exactly the
 *   array that was read: if anything inserted or removed an item in between, `/tools/2` names a
 *   different tool. The arrays of a PAL (tools, query lists, document ids) are short, an array
 *   replace is what a JSON Merge Patch means (RFC 7386 replaces arrays), and it can never leave a
 *   half-edited list behind.
 * - Members whose value is `undefined` count as absent (so `from` or `to` itself being
 *   `undefined` gives one `add` or `remove` at `basePath`).
 *
 * @param basePath Pointer prefix for every operation (for diffing a sub-document).
 * @throws RequestValidationError when both sides nest deeper than 64 levels along the same path
 *   (or are circular).
 *
 * @example
 * ```ts
 * diffToJsonPatch({ a: { b: 1, c: [1] } }, { a: { b: 2, c: [1, 2] } });
 * // [{ op: 'replace', path: '/a/b', value: 2 }, { op: 'replace', path: '/a/c', value: [1, 2] }]
 * ```
 */
export function diffToJsonPatch(from: unknown, to: unknown, basePath: JsonPointer = ''): JsonPatchOperation[] {
  return diff(from, to, basePath, 0);
}

function diff(from: unknown, to: unknown, at: string, depth: number): JsonPatchOperation[] {
  // Identical values need no look inside: a merged document shares every unchanged part.
  if (from === to) return [];
  if (from === undefined) return [{ op: 'add', path: at, value: clone(to, depth) }];
  if (to === undefined) return [{ op: 'remove', path: at }];
  if (isJsonObject(from) && isJsonObject(to)) {
    // `from`'s members first, so removals and changes come in its order, then the additions.
    return [...new Set([...Object.keys(from), ...Object.keys(to)])].flatMap((key) =>
      diff(own(from, key), own(to, key), `${at}/${escapePointer(key)}`, deeper(depth)),
    );
  }
  const same =
    Array.isArray(from) &&
    Array.isArray(to) &&
    from.length === to.length &&
    from.every((item, i) => diff(item, to[i], at, deeper(depth)).length === 0);
  return same ? [] : [{ op: 'replace', path: at, value: clone(to, depth) }];
}
