import type * as z from 'zod/mini';
import { path, type CallResult, type RequestOptions } from '../core/http.js';
import {
  applyMergePatch,
  checkJsonValue,
  diffToJsonPatch,
  formatPointer,
  isJsonObject,
  type JsonPatchOperation,
  MAX_DEPTH,
  nestsDeeper,
  own,
  parsePointer,
  validateJsonPatch,
} from '../core/json-patch.js';
import { type PageParams, PagePromise, type RawPage, rejectedPage } from '../core/pagination.js';
import type { ResourceContext } from '../core/resource.js';
import { unknownKeys, unknownNameMessage } from '../core/suggest.js';
import { formatPath } from '../core/validation.js';
import { ConflictError, RequestValidationError, ResponseValidationError, isTavusError } from '../errors.js';
import {
  type CreatePalParams,
  type CreatedPal,
  FLOW_LEGACY_NAMES,
  PAL_LEGACY_NAMES,
  type Pal,
  type PalPatchPath,
  type PublishedPal,
  type UpdatePalChanges,
  type UsernameAvailability,
  palSchemas,
} from '../schemas/pal.js';

/** Parameters of {@link Pals.list}. */
export interface ListPalsParams extends PageParams {
  /** `user` (your PALs) or `system` (Tavus stock PALs). @default both */
  pal_type?: 'user' | 'system';
}

/** Parameters of {@link Pals.patch}. */
export interface PatchPalOptions {
  /**
   * Apply the patch even though PAL Maker holds an unpublished draft of this PAL: overwrites live
   * and **discards the draft** (sent as `?force=true`). Without it such a patch fails with a
   * `ConflictError` whose `conflict` is `"maker_changes"`. @default false
   */
  force?: boolean;
}

/** Options of {@link Pals.update}: the usual request options, plus `force`. */
export interface UpdatePalOptions extends RequestOptions, PatchPalOptions {}

/** A JSON Patch operation on a PAL; paths autocomplete to the PAL's known fields. */
export type PalPatchOperation = JsonPatchOperation<PalPatchPath>;

/** The default page size of PAL lists. */
const PAL_PAGE_SIZE = 50;
const CONFERENCING = '/layers/conferencing';
const LIST = { method: 'GET', path: '/v2/pals' };

/** Where legacy persona-era names may appear in a request, and their PAL names. */
interface NameNode {
  names?: Readonly<Record<string, string>>;
  children?: Readonly<Record<string, NameNode>>;
}
const REQUEST_NAMES: NameNode = {
  names: { persona_name: 'pal_name', default_replica_id: 'default_face_id' },
  children: { layers: { children: { conversational_flow: { names: FLOW_LEGACY_NAMES } } } },
};

/**
 * PALs (`tavus.pals`): the behaviour of a video agent — prompt, default face, knowledge, and the
 * settings of every layer (LLM, TTS, STT, perception, conversational flow, conferencing).
 *
 * Responses that still use persona-era names (`persona_id`, `persona_name`, `default_replica_id`,
 * `replica_interruptibility`) are normalised to the PAL names, with a one-time `warning` event;
 * requests always send the PAL names. Provider keys inside layers (`layers.llm.api_key`,
 * `layers.tts.api_key`) never appear in tavus-faces errors or events.
 */
export class Pals {
  /** @internal */
  protected readonly ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.ctx = ctx;
  }

  /**
   * Creates a PAL. Checked before sending: `default_face_id` is required, and `system_prompt`
   * unless `pipeline_mode` is `echo`; an empty optional string counts as absent. Never retried after
   * a failure that may have reached the server (a 429 is retried).
   *
   * @example
   * ```ts
   * const { pal_id } = await tavus.pals.create({
   *   pal_name: 'Coach',
   *   system_prompt: 'You are a friendly running coach.',
   *   default_face_id: 'r90bbd427f71',
   *   layers: { llm: { model: 'tavus-glm-4.7' }, tts: { tts_emotion_control: true } },
   * });
   * ```
   */
  async create(params: CreatePalParams, options?: RequestOptions): Promise<CreatedPal> {
    const body = this.#checkCreate(params);
    const res = await this.ctx.http.call({ method: 'POST', path: '/v2/pals', body, options });
    return this.#parse(palSchemas().created, res.data, 'POST', '/v2/pals');
  }

  /**
   * Reads one PAL (the live version). Accepts both the documented `{ data: [PAL] }` envelope and a
   * bare PAL. Unknown ids answer 400 `Invalid pal_id` (a `BadRequestError`).
   */
  async get(palId: string, options?: RequestOptions): Promise<Pal> {
    const url = path`/v2/pals/${palId}`;
    const res = await this.ctx.http.call({ method: 'GET', path: url, options });
    return this.#pal(res.data, 'GET', url);
  }

  /** Lists PALs, optionally of one `pal_type`. Await it for the first page, or iterate it for every PAL. */
  list(params?: ListPalsParams, options?: RequestOptions): PagePromise<Pal> {
    const { limit, page, pal_type } = params ?? {};
    if (pal_type !== undefined && (typeof pal_type !== 'string' || pal_type.trim() === '')) {
      return rejectedPage(new RequestValidationError('pal_type', "expected 'user' or 'system'"));
    }
    const fetchPage = async (pageNumber: number, pageSize: number): Promise<RawPage<Pal>> => {
      const res = await this.ctx.http.call({
        method: 'GET',
        path: '/v2/pals',
        query: { limit: pageSize, page: pageNumber, pal_type },
        options,
      });
      if (isJsonObject(res.data) && Array.isArray(res.data.data)) {
        for (const item of res.data.data) this.#normalise(item, LIST);
      }
      const list = this.ctx.check(palSchemas().list, res.data, LIST);
      return { data: Array.isArray(list?.data) ? list.data : [], total_count: list?.total_count };
    };
    return new PagePromise(fetchPage, { limit, page }, PAL_PAGE_SIZE);
  }

  /** Deletes a PAL (204, no body). A retried delete whose first attempt already removed it resolves too. */
  async delete(palId: string, options?: RequestOptions): Promise<void> {
    const url = path`/v2/pals/${palId}`;
    await this.ctx.http.call({ method: 'DELETE', path: url, options, expect: 'any' });
  }

  /**
   * Publishes the PAL Builder draft to live and resolves with the live PAL (`status: 'success'`).
   * Idempotent when there is no draft; live `layers.conferencing` is kept.
   */
  async publish(palId: string, options?: RequestOptions): Promise<PublishedPal> {
    const url = path`/v2/pals/${palId}/publish`;
    const res = await this.ctx.http.call({ method: 'POST', path: url, options });
    return this.#parse(palSchemas().published, res.data, 'POST', url);
  }

  /**
   * Whether a conferencing username (`<username>@tavusinvite.com`, case-insensitive) is free;
   * `reason` says why not.
   */
  async checkUsername(username: string, options?: RequestOptions): Promise<UsernameAvailability> {
    if (typeof username !== 'string' || username.trim() === '') {
      throw new RequestValidationError('username', 'expected a non-blank string');
    }
    const url = '/v2/pals/check-username';
    const res = await this.ctx.http.call({ method: 'GET', path: url, query: { username }, options });
    return this.ctx.check(palSchemas().username, res.data, { method: 'GET', path: url });
  }

  /**
   * Applies a JSON Patch (RFC 6902) to a PAL and resolves with the PAL after the change: the
   * response body when it is a PAL, otherwise the PAL read again (also after a 304 "no changes").
   *
   * Checked before sending: every operation's `op`, its JSON Pointer `path` (and `from` for
   * `move` / `copy`; RFC 6901, `~0` / `~1` escapes) and the presence of `value` for `add`,
   * `replace` and `test`. Values themselves are not judged: the API decides. Operations on
   * `/layers/conferencing` must be sent in a patch of their own, as the API requires
   * ({@link Pals.update} splits them for you). Persona-era paths (`/persona_name`,
   * `/default_replica_id`, `…/replica_interruptibility`) are sent under their PAL names.
   *
   * @param operations The patch; put a `test` operation first to make it conditional.
   * @param params `force: true` overwrites live even when PAL Maker holds an unpublished draft,
   *   discarding it.
   * @throws ConflictError (`conflict: "maker_changes"`) when PAL Maker holds a draft and `force` is
   *   not set.
   *
   * @example
   * ```ts
   * await tavus.pals.patch(palId, [
   *   { op: 'test', path: '/layers/llm/model', value: 'tavus-gpt-oss' },
   *   { op: 'replace', path: '/layers/llm/model', value: 'tavus-glm-4.7' },
   * ]);
   * ```
   */
  async patch(
    palId: string,
    operations: readonly PalPatchOperation[],
    params?: PatchPalOptions,
    options?: RequestOptions,
  ): Promise<Pal> {
    const url = path`/v2/pals/${palId}`;
    const ops = this.#checkOperations(operations);
    const force = checkForce(params?.force);
    const pal = await this.#send(url, ops, force, options);
    return pal ?? this.get(palId, options);
  }

  /**
   * Changes a PAL with a JSON Merge Patch (RFC 7386) and resolves with the updated PAL: objects merge
   * member by member, `null` removes a field, arrays (and everything else) replace.
   *
   * It reads the PAL, applies `changes` locally, computes the smallest JSON Patch from the current
   * PAL to the result (see `diffToJsonPatch`; arrays are replaced whole) and sends that. Nothing
   * changed → no PATCH request at all (a `null` for a field the PAL does not have is no change).
   * Changes under `layers.conferencing` are sent in a PATCH of their own, as the API requires; if
   * the second of those two requests fails, the first one's changes stay applied.
   *
   * **Read-modify-write, not atomic**: a change someone else makes between the read and the write
   * is overwritten where both touch the same field, and nothing tells you. When that matters, send
   * the patch yourself with a `test` operation first: under RFC 6902 a failed `test` fails the
   * whole patch, so nothing is applied and the call rejects (the reference does not document which
   * status Tavus answers then; expect an `APIError`).
   *
   * @example
   * ```ts
   * await tavus.pals.update(palId, {
   *   system_prompt: 'You are a patient tutor.',
   *   layers: { tts: { tts_emotion_control: true }, stt: { hotwords: null } },
   * });
   *
   * // Guarded: only if the prompt is still the one we read.
   * const pal = await tavus.pals.get(palId);
   * await tavus.pals.patch(palId, [
   *   { op: 'test', path: '/system_prompt', value: pal.system_prompt },
   *   { op: 'replace', path: '/system_prompt', value: 'You are a patient tutor.' },
   * ]);
   * ```
   */
  async update(palId: string, changes: UpdatePalChanges, options?: UpdatePalOptions): Promise<Pal> {
    const url = path`/v2/pals/${palId}`;
    if (!isJsonObject(changes)) {
      throw new RequestValidationError('changes', 'expected an object (a JSON Merge Patch of the PAL)');
    }
    checkJsonValue(changes, 'changes');
    const { force: rawForce, ...requestOptions } = options ?? {};
    const force = checkForce(rawForce);
    const merge = this.#currentNames(changes, REQUEST_NAMES) as Record<string, unknown>;
    checkPalFields(merge, true);
    const current = await this.get(palId, requestOptions);
    if (!isJsonObject(current)) {
      throw new ResponseValidationError(
        [{ path: '', message: 'expected a PAL object to apply the changes to', code: 'invalid_type' }],
        { method: 'GET', path: url },
      );
    }
    const batches = palPatchBatches(current, applyMergePatch(current, withoutNoopRemovals(merge, current)));
    if (batches.length === 0) return current;
    let pal: Pal | undefined;
    for (const ops of batches) pal = await this.#send(url, ops, force, requestOptions);
    return batches.length === 1 && pal ? pal : this.get(palId, requestOptions);
  }

  /** Sends one PATCH; resolves with the PAL from the body, or `undefined` when a read is needed. */
  async #send(
    url: string,
    ops: JsonPatchOperation[],
    force: boolean,
    options: RequestOptions | undefined,
  ): Promise<Pal | undefined> {
    let res: CallResult;
    try {
      res = await this.ctx.http.call({
        method: 'PATCH',
        path: url,
        ...(force ? { query: { force: true } } : {}),
        body: ops,
        acceptStatus: [304],
        options,
      });
    } catch (error) {
      if (isTavusError(error, 'ConflictError') && error.conflict === 'maker_changes') {
        throw new ConflictError(
          { status: error.status, body: error.body, headers: error.headers, method: error.method, path: error.path },
          `${error.method} ${error.path} failed with 409: PAL Maker holds unpublished changes to this PAL ` +
            '(conflict "maker_changes"). Publish or discard the draft in PAL Maker, or retry with ' +
            '{ force: true } (the third argument of pals.patch, or an option of pals.update) to overwrite ' +
            'live and discard the draft.',
        );
      }
      throw error;
    }
    if (res.status === 304) return undefined;
    return this.#palFromPatch(res.data, url);
  }

  /** The 200 body of a patch is undocumented: use it only when it looks like a whole PAL. */
  #palFromPatch(data: unknown, url: string): Pal | undefined {
    let candidate = data;
    if (isJsonObject(data) && Array.isArray(data.data) && !('pal_id' in data)) candidate = data.data[0];
    if (!isJsonObject(candidate)) return undefined;
    const hasId = typeof (candidate.pal_id ?? candidate.persona_id) === 'string';
    const hasBody = 'layers' in candidate || 'default_face_id' in candidate || 'default_replica_id' in candidate;
    return hasId && hasBody ? this.#pal(data, 'PATCH', url) : undefined;
  }

  /** Unwraps `{ data: [PAL] }` (or takes a bare PAL), normalises legacy names and checks it. */
  #pal(data: unknown, method: string, url: string): Pal {
    const request = { method, path: url };
    if (isJsonObject(data) && Array.isArray(data.data) && !('pal_id' in data) && !('persona_id' in data)) {
      for (const item of data.data) this.#normalise(item, request);
      const envelope = this.ctx.check(palSchemas().envelope, data, request);
      const pal = envelope.data[0];
      if (pal === undefined) {
        throw new ResponseValidationError(
          [{ path: 'data', message: 'expected one PAL, got an empty list', code: 'too_small' }],
          request,
        );
      }
      return pal;
    }
    return this.#parse(palSchemas().pal, data, method, url);
  }

  #parse<T>(schema: z.ZodMiniType<T>, data: unknown, method: string, url: string): T {
    const request = { method, path: url };
    this.#normalise(data, request);
    return this.ctx.check(schema, data, request);
  }

  #normalise(pal: unknown, request: { method: string; path: string }): void {
    // In every mode: update diffs the PAL it reads, and nothing may recurse into a PAL deeper than a
    // request can make one (a request's values nest up to MAX_DEPTH, below a PAL's own members).
    if (nestsDeeper(pal, 2 * MAX_DEPTH)) {
      throw new ResponseValidationError(
        [{ path: '', message: `nested more than ${2 * MAX_DEPTH} levels deep`, code: 'too_big' }],
        request,
      );
    }
    if (!isJsonObject(pal)) return;
    this.ctx.renameLegacy(pal, PAL_LEGACY_NAMES);
    const layers = pal.layers;
    if (isJsonObject(layers)) this.ctx.renameLegacy(layers.conversational_flow, FLOW_LEGACY_NAMES);
  }

  #checkCreate(params: CreatePalParams): Record<string, unknown> {
    if (!isJsonObject(params)) {
      throw new RequestValidationError('params', 'expected an object with default_face_id and system_prompt');
    }
    checkJsonValue(params, 'params');
    const named = this.#currentNames(params, REQUEST_NAMES) as Record<string, unknown>;
    // The reference's own examples send empty optional strings: an empty string (or null) means absent.
    const body = Object.fromEntries(
      Object.entries(named).filter(([, value]) => value != null && !(typeof value === 'string' && !value.trim())),
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

  #checkOperations(operations: readonly PalPatchOperation[]): JsonPatchOperation[] {
    const ops = validateJsonPatch(operations).map((op) => {
      const out = { ...op, path: this.#currentPointer(op.path) } as JsonPatchOperation & { from?: string };
      if ('from' in op) out.from = this.#currentPointer(op.from);
      if ('value' in out) out.value = this.#currentNames(out.value, nodeAt(out.path));
      return out as JsonPatchOperation;
    });
    if (ops.length === 0) {
      throw new RequestValidationError(
        'operations',
        'the patch is empty; pass at least one operation (pals.update sends nothing when nothing changes)',
      );
    }
    const conferencing = ops.map(touchesConferencing);
    const mixed = conferencing.findIndex((c) => c !== conferencing[0]);
    if (mixed !== -1) {
      throw new RequestValidationError(
        `operations[${mixed}].path`,
        'changes to /layers/conferencing must be sent in a patch of their own (the API requires it); ' +
          'split the operations, or use pals.update, which does',
      );
    }
    return ops;
  }

  /** Renames persona-era tokens of a pointer (`/persona_name` → `/pal_name`). */
  #currentPointer(pointer: string): string {
    let node: NameNode | undefined = REQUEST_NAMES;
    let renamed = false;
    const tokens = parsePointer(pointer).map((token) => {
      const current = own(node?.names, token) as string | undefined;
      if (current !== undefined) {
        renamed = true;
        this.#sentAs(token, current);
      }
      const name = current ?? token;
      node = own(node?.children, name) as NameNode | undefined;
      return name;
    });
    return renamed ? formatPointer(tokens) : pointer;
  }

  /** Renames persona-era keys inside a request value placed at `node` (a copy; the input is kept). */
  #currentNames(value: unknown, node: NameNode | undefined): unknown {
    if (node === undefined || !isJsonObject(value)) return value;
    // Entries, not `out[name] = …`: a member named `__proto__` must stay a member.
    const out: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const current = own(node.names, key) as string | undefined;
      if (current !== undefined) {
        this.#sentAs(key, current);
        // When both names are given, the current one wins.
        if (own(value, current) !== undefined) continue;
      }
      const name = current ?? key;
      out.push([name, this.#currentNames(item, own(node.children, name) as NameNode | undefined)]);
    }
    return Object.fromEntries(out);
  }

  #sentAs(legacy: string, current: string): void {
    this.ctx.deprecated(
      `request:${legacy}`,
      `"${legacy}" is a persona-era name; tavus-faces sends it as "${current}".`,
    );
  }
}

/** Where in the request-name tree a pointer lands (for renaming keys inside an op's value). */
function nodeAt(pointer: string): NameNode | undefined {
  let node: NameNode | undefined = REQUEST_NAMES;
  for (const token of parsePointer(pointer)) node = own(node?.children, token) as NameNode | undefined;
  return node;
}

function touchesConferencing(op: JsonPatchOperation): boolean {
  const under = (pointer: string) => pointer === CONFERENCING || pointer.startsWith(`${CONFERENCING}/`);
  return under(op.path) || ('from' in op && under(op.from));
}

function checkForce(force: unknown): boolean {
  if (force !== undefined && typeof force !== 'boolean') {
    throw new RequestValidationError('force', 'expected a boolean');
  }
  return force === true;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The top-level fields `create` and `update` take (persona-era names are renamed before the check). */
const PAL_FIELDS = [
  'pal_name',
  'system_prompt',
  'pipeline_mode',
  'context',
  'default_face_id',
  'document_ids',
  'document_tags',
  'objectives_id',
  'guardrail_ids',
  'guardrail_tags',
  'guardrails_id',
  'layers',
];

/**
 * Checks a create body or an update's changes before anything is sent, for JavaScript callers the
 * types do not reach: an unknown top-level field is refused with the closest documented name, and
 * documented fields, inside layers too, must have their documented types. Messages name the field
 * and the types, never a value (layers carry provider keys).
 */
function checkPalFields(fields: Record<string, unknown>, mergePatch?: boolean): void {
  const [unknown] = unknownKeys(fields, new Set(PAL_FIELDS));
  if (unknown !== undefined)
    throw new RequestValidationError(unknown, unknownNameMessage('field', unknown, PAL_FIELDS));
  // The response schema is the one description of a PAL's field types; its objects are loose, so
  // unknown layer fields pass, as the API grows. Only types are judged: an enum value we do not
  // know yet (a string) is fine. In a merge patch a `null` member removes, whatever the type.
  const issue = palSchemas()
    .pal.safeParse(
      { ...((mergePatch ? withoutNoopRemovals(fields, undefined) : fields) as object), pal_id: '' },
      { reportInput: true },
    )
    .error?.issues.find((i) => i.code !== 'invalid_value' || typeof i.input !== 'string');
  if (!issue) return;
  const { expected = 'string', errors } = issue as { expected?: string; errors?: { expected?: string }[][] };
  // A wrong array item is reported on the array (`document_tags`), the item's own path in the message.
  const item = issue.path.findIndex((key) => typeof key === 'number');
  throw new RequestValidationError(
    formatPath(item < 0 ? issue.path : issue.path.slice(0, item)),
    `expected ${errors?.[0]?.[0]?.expected ?? expected}, got ${typeOf(issue.input)}` +
      (item < 0 ? '' : ` at ${formatPath(issue.path)}`),
  );
}

/**
 * The PATCH requests that turn `current` into `target`, each a JSON Patch: the changes outside
 * `layers.conferencing`, and the conferencing changes on their own (the API rejects a patch that
 * mixes them). A conferencing removal goes first (so removing `layers` cannot take it along);
 * otherwise the other changes go first (so `layers` exists before conferencing is added to it).
 *
 * @internal
 */
export function palPatchBatches(
  current: Record<string, unknown>,
  target: Record<string, unknown>,
): JsonPatchOperation[][] {
  const main = diffToJsonPatch(withoutConferencing(current), withoutConferencing(target));
  const currentConf = conferencingOf(current);
  const targetConf = conferencingOf(target);
  const conf = diffToJsonPatch(currentConf, targetConf, CONFERENCING);
  // A PAL without layers that gains only conferencing: one `add /layers` holding just that.
  const only = main.length === 1 ? main[0] : undefined;
  if (
    only &&
    only.path === '/layers' &&
    (only.op === 'add' || only.op === 'replace') &&
    isJsonObject(only.value) &&
    Object.keys(only.value).length === 0 &&
    currentConf === undefined &&
    targetConf !== undefined
  ) {
    return [[{ op: only.op, path: '/layers', value: { conferencing: targetConf } }]];
  }
  const batches = targetConf === undefined ? [conf, main] : [main, conf];
  return batches.filter((ops) => ops.length > 0);
}

/**
 * Drops `null`s that remove something the PAL does not have. Plain RFC 7386 would still create
 * their parent as an empty object (`{ stt: { hotwords: null } }` on a PAL without `stt` adds
 * `stt: {}`), and an empty layer object can switch a layer on with server defaults.
 */
function withoutNoopRemovals(changes: unknown, current: unknown): unknown {
  if (!isJsonObject(changes)) return changes;
  const here = isJsonObject(current) ? current : undefined;
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(changes)) {
    const existing = own(here, key);
    if (value === undefined || (value === null && existing === undefined)) continue;
    if (isJsonObject(value) && Object.keys(value).length > 0) {
      const pruned = withoutNoopRemovals(value, existing) as Record<string, unknown>;
      if (Object.keys(pruned).length === 0 && !isJsonObject(existing)) continue;
      out.push([key, pruned]);
    } else {
      out.push([key, value]);
    }
  }
  return Object.fromEntries(out);
}

function conferencingOf(doc: Record<string, unknown>): unknown {
  return isJsonObject(doc.layers) ? doc.layers.conferencing : undefined;
}

function withoutConferencing(doc: Record<string, unknown>): Record<string, unknown> {
  if (!isJsonObject(doc.layers) || !('conferencing' in doc.layers)) return doc;
  const { conferencing: _, ...layers } = doc.layers;
  return { ...doc, layers };
}
