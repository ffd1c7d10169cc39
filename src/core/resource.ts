import type * as z from 'zod/mini';
import type { Emit } from './events.js';
import type { HttpCore, QueryValue } from './http.js';
import type { PageParams, RawPage } from './pagination.js';
import { type RequestRef, ResponseValidationError, type ValidationIssue } from '../errors.js';
import { listEnvelope } from '../schemas/common.js';
import { check, type ValidationMode } from './validation.js';

/** A JSON object as a response holds it. @internal */
export type JsonRecord = Record<string, unknown>;

/** A list's query: paging (`limit`, `page`: the list sends them per page) and its filters. @internal */
export type ListQuery = PageParams & Record<string, QueryValue>;

/**
 * How a response body is read, in this order: it must be a JSON object (in every mode), then
 * `normalise` rewrites it in place, the schema checks it in the client's mode, and `derive` builds
 * the value the method resolves with.
 *
 * @internal
 */
export interface ReadSpec<T, Out = T> {
  /** What the (normalised) body must look like. Our schemas never transform: the checked value is the body. */
  schema: z.ZodMiniType<T>;
  /** Rewrites the body in place before the check (legacy names, replica-era shapes); runs in every mode. */
  normalise?: ((data: JsonRecord) => void) | undefined;
  /** The value the method resolves with, from the checked body (derived fields); runs in every mode. */
  derive?: ((checked: T) => Out) | undefined;
  /** Issues this read lets through as warnings even in strict mode. */
  tolerate?: ((issue: ValidationIssue) => boolean) | undefined;
}

/**
 * What a resource gets from its client: the HTTP core, the validation mode, and the event sink.
 *
 * @internal
 */
export class ResourceContext {
  readonly http: HttpCore;
  readonly validation: ValidationMode;
  readonly emit: Emit;
  readonly #deprecationsSeen: Set<string>;
  readonly #tolerate: ((issue: ValidationIssue) => boolean) | undefined;

  constructor(
    http: HttpCore,
    validation: ValidationMode,
    emit: Emit,
    deprecationsSeen: Set<string>,
    tolerate?: (issue: ValidationIssue) => boolean,
  ) {
    this.http = http;
    this.validation = validation;
    this.emit = emit;
    this.#deprecationsSeen = deprecationsSeen;
    this.#tolerate = tolerate;
  }

  /**
   * The same context, but issues that `tolerate` accepts are warnings even in strict mode (the
   * training watcher must ride out status values the SDK does not know yet).
   */
  tolerating(tolerate: (issue: ValidationIssue) => boolean): ResourceContext {
    return createContext(this.http, this.validation, this.emit, this.#deprecationsSeen, tolerate);
  }

  /**
   * Reads a body that must be one object (a get, a create, an update): see {@link ReadSpec}. A body
   * that is empty or not an object is a `ResponseValidationError` in every mode, so a create can
   * never resolve `undefined` after the server may have started a paid training.
   */
  read<T, Out = T>(data: unknown, request: RequestRef, spec: ReadSpec<T, Out>): Out {
    const body = objectAt('', data, request);
    return guardDepth(
      request,
      () => {
        spec.normalise?.(body);
        const checked = this.check(spec.schema, body, request, spec.tolerate);
        return spec.derive ? spec.derive(checked) : (checked as unknown as Out);
      },
      () => Object.entries(body),
    );
  }

  /**
   * Reads one list page, `{ data: [...], total_count }`, with `spec` describing one item: the body
   * must be an object, `data` an array and every item an object, in every mode (a `for await`
   * must never hand out `undefined` as a face); each item is normalised, the envelope checked,
   * then each item derived.
   */
  readPage<T, Out = T>(data: unknown, request: RequestRef, spec: ReadSpec<T, Out>): RawPage<Out> {
    const items = objectAt('', data, request).data;
    if (!Array.isArray(items)) throw notA('an array', 'data', items, request);
    const { normalise, derive } = spec;
    return guardDepth(
      request,
      () => {
        items.forEach((item, i) => {
          normalise?.(objectAt(`data[${i}]`, item, request));
        });
        const checked = this.check(listEnvelope(spec.schema), data, request, spec.tolerate);
        return {
          data: derive ? checked.data.map((item) => derive(item)) : (checked.data as unknown as Out[]),
          total_count: checked.total_count,
          request,
        };
      },
      () =>
        items.flatMap((item, i) =>
          Object.entries(item as JsonRecord).map(([key, value]): [string, unknown] => [`data[${i}].${key}`, value]),
        ),
    );
  }

  /** Checks a response body in the client's validation mode (see {@link check}). */
  check<T>(
    schema: z.ZodMiniType<T>,
    data: unknown,
    request: RequestRef,
    tolerate: ((issue: ValidationIssue) => boolean) | undefined = this.#tolerate,
  ): T {
    return check(
      schema,
      data,
      this.validation,
      (issue) => {
        this.emit('warning', {
          kind: 'validation',
          message: `${request.method} ${request.path}: ${issue.path || '(body)'}: ${issue.message}`,
          path: issue.path,
        });
      },
      request,
      tolerate,
    );
  }

  /** Emits a `deprecation` warning the first time `name` is seen by this client. */
  deprecated(name: string, message: string): void {
    if (this.#deprecationsSeen.has(name)) return;
    this.#deprecationsSeen.add(name);
    this.emit('warning', { kind: 'deprecation', message, path: name });
  }

  /**
   * Renames legacy keys of `target` in place (`replica_id` → `face_id`, …), keeping the current
   * name when both are present, and reports each legacy name once. Own keys only: a body key
   * named `constructor` or `__proto__` is data like any other, never an inherited member.
   */
  renameLegacy(target: unknown, names: Readonly<Record<string, string>>): void {
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return;
    const record = target as JsonRecord;
    for (const legacy of Object.keys(names)) {
      if (!Object.hasOwn(record, legacy)) continue;
      const current = names[legacy] as string;
      // defineProperty, not `=`: assigning to a key such as `__proto__` would set the prototype.
      if (!Object.hasOwn(record, current)) {
        Object.defineProperty(record, current, {
          value: record[legacy],
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      delete record[legacy];
      this.deprecated(
        legacy,
        `The API answered with the legacy field "${legacy}"; tavus-faces exposes it as "${current}".`,
      );
    }
  }
}

/** `value` as an object, or a `ResponseValidationError` naming `path` (`''` is the whole body). */
function objectAt(path: string, value: unknown, request: RequestRef): JsonRecord {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonRecord;
  throw notA('an object', path, value, request);
}

function notA(expected: string, path: string, value: unknown, request: RequestRef): ResponseValidationError {
  const got =
    value === undefined && !path
      ? 'an empty body'
      : value === null
        ? 'null'
        : Array.isArray(value)
          ? 'an array'
          : typeof value;
  return new ResponseValidationError(
    [{ path, message: `expected ${expected}, got ${got}`, code: 'invalid_type' }],
    request,
  );
}

/** Below this depth a value never counts as the cause of a stack overflow. */
const DEEP = 1_000;

/**
 * Runs a recursive step (a schema check, a normalising walk): should it overflow the stack on a
 * pathologically nested value, the caller gets a `ResponseValidationError` naming the field of
 * `fields` (`face_name`, `data[0].face_name`) that holds it, in every mode. A RangeError with no
 * such field behind it is a bug of ours and is thrown as it is.
 */
function guardDepth<R>(request: RequestRef, run: () => R, fields: () => [string, unknown][]): R {
  try {
    return run();
  } catch (error) {
    // V8 and JavaScriptCore throw a RangeError on stack overflow, SpiderMonkey an InternalError.
    const deep =
      (error instanceof RangeError || (error as Error)?.name === 'InternalError') &&
      fields().find(([, value]) => nestedTooDeep(value));
    if (!deep) throw error;
    throw new ResponseValidationError(
      [{ path: deep[0], message: `nested more than ${DEEP} levels deep`, code: 'too_deep' }],
      request,
      { cause: error },
    );
  }
}

/** Whether `root` nests deeper than {@link DEEP}, found without recursion. */
function nestedTooDeep(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, depth] = next;
    if (depth > DEEP) return true;
    if (value !== null && typeof value === 'object')
      for (const item of Object.values(value)) stack.push([item, depth + 1]);
  }
  return false;
}

// Built outside the class body: a class that names itself inside its body is emitted by esbuild as
// `var X = class _X`, and `X.name` would read `_X` in the published files.
function createContext(...args: ConstructorParameters<typeof ResourceContext>): ResourceContext {
  return new ResourceContext(...args);
}
