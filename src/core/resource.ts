import type * as z from 'zod/mini';
import type { Emit } from './events.js';
import {
  type CallResult,
  type CallSpec,
  type HttpCore,
  MAX_RESPONSE_DEPTH,
  type Method,
  type QueryValue,
  type RequestOptions,
} from './http.js';
import { type ItemKey, type PageParams, PagePromise, type RawPage, rejectedPage } from './pagination.js';
import {
  type APIError,
  type RequestRef,
  ResponseValidationError,
  type ValidationIssue,
  isTavusError,
  makeAPIError,
} from '../errors.js';
import { listEnvelope } from '../schemas/common.js';
import { check, type ValidationMode } from './validation.js';
import { queryString } from './query.js';

/** The paging keys of a list query: sent per page, not with the filters. */
const PAGING: ReadonlySet<string> = new Set(['limit', 'page']);

/** A JSON object as a response holds it. @internal */
export type JsonRecord = Record<string, unknown>;

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
  /**
   * Rewrites the body (a list: each item) in place before the check: legacy names, replica-era
   * shapes. Runs in every mode, `off` included; `ctx` is there for `renameLegacy` and `deprecated`.
   */
  normalise?: ((data: JsonRecord, ctx: ResourceContext) => void) | undefined;
  /** The value the method resolves with, from the checked body (a list: each item); runs in every mode. */
  derive?: ((checked: T) => Out) | undefined;
  /** Issues this read lets through as warnings even in strict mode (the watcher's unknown statuses). */
  tolerate?: ((issue: ValidationIssue) => boolean) | undefined;
}

/** What a call sends, beside its method and path: {@link CallSpec} of the HTTP core, plus `explain`. @internal */
export interface SendSpec extends CallSpec {
  /**
   * A better message for an API error, or `undefined` to keep the core's. The error is rebuilt as
   * the same class with the same status, body and headers; only its message changes.
   */
  explain?: ((error: APIError) => string | undefined) | undefined;
}

/**
 * One call of the pipeline: what it sends and, when `schema` is given, how the answer is read
 * ({@link ReadSpec}). Without a schema the call resolves with nothing (a delete).
 *
 * @internal
 */
export interface PipelineSpec<T, Out = T> extends SendSpec, Partial<ReadSpec<T, Out>> {}

/** A successful exchange, with the method and path that made it. @internal */
export interface Reply extends CallResult {
  /** The request's method. */
  method: Method;
  /** The request's path, without the query string (as errors name it). */
  path: string;
}

/** A list's query: paging (`limit`, `page`: the list sends them per page) and its filters. @internal */
export type ListQuery = PageParams & Record<string, QueryValue>;

/** How a list reads its pages: {@link ReadSpec} of one item, the request options, and the item's key. @internal */
export interface ListSpec<T, Out = T> extends ReadSpec<T, Out> {
  /** The caller's request options, for every page. */
  options?: RequestOptions | undefined;
  /** What identifies an item across pages, so a walk that makes no progress ends (see `Page`). */
  key?: ItemKey<Out> | undefined;
}

/**
 * What a resource gets from its client: the HTTP core, the validation mode, the event sink, and
 * the pipeline every resource method delegates to: `get` / `post` / `patch` / `delete` send one
 * request and read its answer; `list` pages through a list.
 *
 * @internal
 */
export class ResourceContext {
  readonly http: HttpCore;
  readonly validation: ValidationMode;
  readonly emit: Emit;
  readonly #deprecationsSeen: Set<string>;

  constructor(http: HttpCore, validation: ValidationMode, emit: Emit, deprecationsSeen: Set<string>) {
    this.http = http;
    this.validation = validation;
    this.emit = emit;
    this.#deprecationsSeen = deprecationsSeen;
  }

  /** `GET path`, the answer read as `spec` says (see {@link PipelineSpec}). */
  get<T = void, Out = T>(path: string, spec?: PipelineSpec<T, Out>): Promise<Out> {
    return this.#call('GET', path, spec);
  }

  /** `POST path`, the answer read as `spec` says. */
  post<T = void, Out = T>(path: string, spec?: PipelineSpec<T, Out>): Promise<Out> {
    return this.#call('POST', path, spec);
  }

  /** `PATCH path`, the answer read as `spec` says. */
  patch<T = void, Out = T>(path: string, spec?: PipelineSpec<T, Out>): Promise<Out> {
    return this.#call('PATCH', path, spec);
  }

  /** `DELETE path`, the answer read as `spec` says (usually not at all). */
  delete<T = void, Out = T>(path: string, spec?: PipelineSpec<T, Out>): Promise<Out> {
    return this.#call('DELETE', path, spec);
  }

  async #call<T, Out>(method: Method, path: string, spec: PipelineSpec<T, Out> = {}): Promise<Out> {
    const reply = await this.send(method, path, spec);
    return spec.schema ? this.read(reply, spec as ReadSpec<T, Out>) : (undefined as Out);
  }

  /**
   * Sends one request and hands back the exchange as it came, with its method and path: the raw
   * step of the verbs, for an answer that needs a look before it is read (a PAL patch's 304).
   */
  send(method: Method, path: string, spec: SendSpec): Promise<Reply> {
    // The core's result already names the method and path; without an `explain` there is nothing
    // to add, so no frame of its own either (every async frame is a promise and a hop per call).
    const reply = this.http.call(method, path, spec);
    const { explain } = spec;
    if (!explain) return reply;
    return reply.catch((error: unknown) => {
      const message = isTavusError(error, 'APIError') ? explain(error) : undefined;
      if (message === undefined) throw error;
      const { status, body, bodyTruncated, headers } = error as APIError;
      throw makeAPIError(
        { status, body, bodyTruncated, headers, method, path, cause: (error as APIError).cause },
        message,
      );
    });
  }

  /**
   * Pages through `GET path`: `query` holds the paging (`limit`, `page`, defaulting to
   * `defaultLimit` and 1) and the filters, sent on every page; `spec` reads each page (see
   * {@link readPage}). `query` may be a function, called at once: what it throws (a bad filter)
   * rejects the list before any request instead of throwing from the method.
   */
  list<T, Out = T>(
    path: string,
    query: ListQuery | (() => ListQuery),
    spec: ListSpec<T, Out>,
    defaultLimit: number,
  ): PagePromise<Out> {
    let params: ListQuery;
    let filters: string;
    try {
      params = typeof query === 'function' ? query() : query;
      // Encoded once for every page: only `limit` and `page` change from one page to the next.
      filters = queryString(params, PAGING);
    } catch (error) {
      return rejectedPage(error as Error);
    }
    const { options } = spec;
    return new PagePromise(
      // Page numbers and sizes are positive integers (PagePromise checks them): nothing to encode.
      (page, limit) =>
        this.send('GET', path, { query: `limit=${limit}&page=${page}${filters && `&${filters}`}`, options }).then(
          (reply) => this.readPage(reply, spec),
        ),
      params,
      defaultLimit,
      spec.key,
    );
  }

  /**
   * Reads a body that must be one object (a get, a create, an update): see {@link ReadSpec}. A body
   * that is empty or not an object is a `ResponseValidationError` in every mode, so a create can
   * never resolve `undefined` after the server may have started a paid training.
   */
  read<T, Out = T>(reply: Reply, spec: ReadSpec<T, Out>): Out {
    return this.#read(reply, spec, false) as Out;
  }

  /**
   * Reads one list page, `{ data: [...], total_count }`, with `spec` describing one item, like
   * {@link read}: `data` must be an array and every item an object, in every mode (a `for await`
   * must never hand out `undefined` as a face); each item is normalised, the envelope checked, then
   * each item derived.
   */
  readPage<T, Out = T>(reply: Reply, spec: ReadSpec<T, Out>): RawPage<Out> {
    return this.#read(reply, spec, true) as RawPage<Out>;
  }

  /** {@link read} (`page` false) and {@link readPage} (`page` true): one body, or one list page of items. */
  #read<T, Out>(reply: Reply, spec: ReadSpec<T, Out>, page: boolean): Out | RawPage<Out> {
    const request = { method: reply.method, path: reply.path };
    const body = objectAt('', reply.data, request);
    if (reply.deep && nestedTooDeep(body, 1)) throw tooDeep(body, request);
    const { normalise, derive, tolerate } = spec;
    try {
      if (!page) {
        normalise?.(body, this);
        const checked = this.check(spec.schema, body, request, tolerate);
        return derive ? derive(checked) : (checked as unknown as Out);
      }
      const items = body.data;
      if (!Array.isArray(items)) throw notA('an array', 'data', items, request);
      for (let i = 0; i < items.length; i++) {
        // Checked apart, in every mode: an optional call would skip evaluating its argument.
        const item = objectAt(i, items[i], request);
        normalise?.(item, this);
      }
      const checked = this.check(listEnvelope(spec.schema), body, request, tolerate);
      const data = derive ? checked.data.map((item) => derive(item as T)) : (checked.data as unknown as Out[]);
      return { data, total_count: checked.total_count, request };
    } catch (error) {
      // A schema check or a normalising walk is recursive: on a pathologically nested value it
      // overflows the stack (V8 and JavaScriptCore throw a RangeError, SpiderMonkey an
      // InternalError). That is the response's fault, so it is reported as one, naming the field;
      // a RangeError no deep value explains is a bug of ours and is thrown as it is.
      const field = (error instanceof RangeError || (error as Error)?.name === 'InternalError') && deepField(body);
      throw field ? tooDeep(body, request, error) : error;
    }
  }

  /** Checks a response body in the client's validation mode (see {@link check}). */
  check<T>(
    schema: z.ZodMiniType<T>,
    data: unknown,
    request: RequestRef,
    tolerate?: (issue: ValidationIssue) => boolean,
  ): T {
    return check(schema, data, this.validation, this.#warn, request, tolerate);
  }

  /** Reports an issue lenient mode let through (bound once: a check that passes never calls it). */
  readonly #warn = (issue: ValidationIssue, request?: RequestRef): void => {
    this.emit('warning', {
      kind: 'validation',
      message: `${request?.method} ${request?.path}: ${issue.path || '(body)'}: ${issue.message}`,
      path: issue.path,
    });
  };

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
    // for…in over our own constant maps: no array of keys per object read.
    for (const legacy in names) {
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

/** `value` as an object, or a `ResponseValidationError` naming `at` (`''` is the whole body, a number an item of `data`). */
function objectAt(at: string | number, value: unknown, request: RequestRef): JsonRecord {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonRecord;
  throw notA('an object', typeof at === 'number' ? `data[${at}]` : at, value, request);
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

/** Below this depth a value never counts as the cause of a stack overflow (see {@link MAX_RESPONSE_DEPTH}). */
const DEEP = MAX_RESPONSE_DEPTH;

/**
 * The field of `body` nested deeper than {@link DEEP} (`face_name`), or, for a field holding a list,
 * the field of the item that is (`data[0].face_name`).
 */
function deepField(body: JsonRecord): string | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (!nestedTooDeep(value, 2)) continue;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        for (const [field, inner] of Object.entries(Object(item)))
          if (nestedTooDeep(inner, 4)) return `${key}[${i}].${field}`;
      }
    }
    return key;
  }
}

/** The error for a body nested too deep, naming the field when one is. */
function tooDeep(body: JsonRecord, request: RequestRef, cause?: unknown): ResponseValidationError {
  return new ResponseValidationError(
    [{ path: deepField(body) ?? '', message: `nested more than ${DEEP} levels deep`, code: 'too_deep' }],
    request,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Whether an object or array in `root` sits deeper than {@link DEEP}, counting `root` itself at
 * `depth` (1 for a whole body: its JSON text's bracket depth), found without recursion.
 */
function nestedTooDeep(root: unknown, depth: number): boolean {
  const stack: [unknown, number][] = [[root, depth]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, at] = next;
    if (value === null || typeof value !== 'object') continue;
    if (at > DEEP) return true;
    for (const item of Object.values(value)) stack.push([item, at + 1]);
  }
  return false;
}
