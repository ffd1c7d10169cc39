import { path, type RequestOptions } from '../core/http.js';
import { checkJsonValue, isJsonObject, type JsonPatchOperation, MAX_DEPTH } from '../core/json-patch.js';
import type { PageParams, PagePromise } from '../core/pagination.js';
import type { JsonRecord, ReadSpec, Reply, ResourceContext } from '../core/resource.js';
import { type APIError, ResponseValidationError } from '../errors.js';
import {
  type CreatedPal,
  type CreatePalParams,
  FLOW_LEGACY_NAMES,
  PAL_LEGACY_NAMES,
  type Pal,
  type PalPatchPath,
  type PublishedPal,
  palSchemas,
  type UpdatePalChanges,
  type UsernameAvailability,
} from '../schemas/pal.js';
import {
  checkCreateParams,
  checkForce,
  checkNonBlank,
  checkPatchOperations,
  checkUpdateChanges,
} from './pals.checks.js';
import type { OnLegacyName } from './pals.legacy.js';
import { planUpdate } from './pals.patch-plan.js';

export { palPatchBatches } from './pals.patch-plan.js';

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

/** Method and path of a request, for response checks and their errors (never its body: provider keys). */
type RequestRef = { method: string; path: string };

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
    const body = checkCreateParams(params, this.#sentAs);
    return this.ctx.post('/v2/pals', { body, options, ...this.#reads(palSchemas().created, 'POST', '/v2/pals') });
  }

  /**
   * Reads one PAL (the live version). Accepts both the documented `{ data: [PAL] }` envelope and a
   * bare PAL. Unknown ids answer 400 `Invalid pal_id` (a `BadRequestError`).
   */
  async get(palId: string, options?: RequestOptions): Promise<Pal> {
    return this.#pal(await this.ctx.send('GET', path`/v2/pals/${palId}`, { options }));
  }

  /** Lists PALs, optionally of one `pal_type`. Await it for the first page, or iterate it for every PAL. */
  list(params?: ListPalsParams, options?: RequestOptions): PagePromise<Pal> {
    const query = () => {
      // Here, not before: a bad filter rejects the awaited page, as bad paging input does.
      if (params?.pal_type !== undefined) checkNonBlank('pal_type', params.pal_type, "expected 'user' or 'system'");
      return { limit: params?.limit, page: params?.page, pal_type: params?.pal_type };
    };
    const spec = { ...this.#reads(palSchemas().pal, 'GET', '/v2/pals'), options, key: (pal: Pal) => pal.pal_id };
    return this.ctx.list('/v2/pals', query, spec, PAL_PAGE_SIZE);
  }

  /** Deletes a PAL (204, no body). A retried delete whose first attempt already removed it resolves too. */
  async delete(palId: string, options?: RequestOptions): Promise<void> {
    await this.ctx.delete(path`/v2/pals/${palId}`, { options, expect: 'any' });
  }

  /**
   * Publishes the PAL Builder draft to live and resolves with the live PAL (`status: 'success'`).
   * Idempotent when there is no draft; live `layers.conferencing` is kept.
   */
  async publish(palId: string, options?: RequestOptions): Promise<PublishedPal> {
    const url = path`/v2/pals/${palId}/publish`;
    return this.ctx.post(url, { options, ...this.#reads(palSchemas().published, 'POST', url) });
  }

  /**
   * Whether a conferencing username (`<username>@tavusinvite.com`, case-insensitive) is free;
   * `reason` says why not.
   */
  async checkUsername(username: string, options?: RequestOptions): Promise<UsernameAvailability> {
    checkNonBlank('username', username);
    return this.ctx.get('/v2/pals/check-username', { query: { username }, options, schema: palSchemas().username });
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
    const ops = checkPatchOperations(operations, this.#sentAs);
    const pal = await this.#send(url, ops, checkForce(params?.force), options);
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
    const merge = checkUpdateChanges(changes, this.#sentAs);
    const { force: rawForce, ...requestOptions } = options ?? {};
    const force = checkForce(rawForce);
    const current = await this.get(palId, requestOptions);
    if (!isJsonObject(current)) {
      throw badPal('GET', url, 'expected a PAL object to apply the changes to', 'invalid_type');
    }
    const batches = planUpdate(current, merge);
    if (batches.length === 0) return current;
    let pal: Pal | undefined;
    for (const ops of batches) pal = await this.#send(url, ops, force, requestOptions);
    return batches.length === 1 && pal ? pal : this.get(palId, requestOptions);
  }

  /** How a PAL body is read: legacy names mapped and depth bounded, in every mode, then checked. */
  #reads<T>(schema: ReadSpec<T>['schema'], method: string, url: string): ReadSpec<T> {
    return { schema, normalise: (pal) => this.#normalise(pal, { method, path: url }) };
  }

  /** Sends one PATCH; resolves with the PAL from the body, or `undefined` when a read is needed. */
  async #send(
    url: string,
    ops: JsonPatchOperation[],
    force: boolean,
    options: RequestOptions | undefined,
  ): Promise<Pal | undefined> {
    const query = { force: force || undefined };
    const reply = await this.ctx.send('PATCH', url, {
      query,
      body: ops,
      acceptStatus: [304],
      options,
      explain: forceHint,
    });
    if (reply.status === 304) return undefined;
    // The 200 body of a patch is undocumented: use it only when it looks like a whole PAL.
    const candidate = isEnvelope(reply.data) ? reply.data.data[0] : reply.data;
    if (!isJsonObject(candidate)) return undefined;
    const hasId = typeof (candidate.pal_id ?? candidate.persona_id) === 'string';
    const hasBody = 'layers' in candidate || 'default_face_id' in candidate || 'default_replica_id' in candidate;
    return hasId && hasBody ? this.#pal(reply) : undefined;
  }

  /** Reads `{ data: [PAL] }` (as documented) or a bare PAL (as clients see). */
  #pal(reply: Reply): Pal {
    const { method, path: url } = reply;
    if (!isEnvelope(reply.data)) return this.ctx.read(reply, this.#reads(palSchemas().pal, method, url));
    return this.ctx.read(reply, {
      schema: palSchemas().envelope,
      normalise: (body) => {
        for (const pal of body.data as unknown[]) if (isJsonObject(pal)) this.#normalise(pal, reply);
      },
      derive: (envelope) => {
        const pal = envelope.data[0];
        if (pal === undefined) throw badPal(method, url, 'expected one PAL, got an empty list', 'too_small', 'data');
        return pal;
      },
    });
  }

  #normalise(pal: JsonRecord, request: RequestRef): void {
    // In every mode: update diffs the PAL it reads, and nothing may recurse into a PAL deeper than a
    // request can make one (a request's values nest up to MAX_DEPTH, below a PAL's own members), so
    // the JSON value check, started at -MAX_DEPTH, allows twice a request's depth.
    try {
      checkJsonValue(pal, '', -MAX_DEPTH);
    } catch {
      throw badPal(request.method, request.path, 'nested too deeply', 'too_big');
    }
    this.ctx.renameLegacy(pal, PAL_LEGACY_NAMES);
    const layers = pal.layers;
    if (isJsonObject(layers)) this.ctx.renameLegacy(layers.conversational_flow, FLOW_LEGACY_NAMES);
  }

  readonly #sentAs: OnLegacyName = (legacy, current) =>
    this.ctx.deprecated(
      `request:${legacy}`,
      `"${legacy}" is a persona-era name; tavus-faces sends it as "${current}".`,
    );
}

/** A 409 `maker_changes` says what to do; any other error keeps its message. */
function forceHint(error: APIError): string | undefined {
  if (error.status !== 409 || (error.body as { conflict?: unknown } | undefined)?.conflict !== 'maker_changes') {
    return undefined;
  }
  return (
    `${error.method} ${error.path} failed with 409: PAL Maker holds an unpublished draft of this PAL ` +
    '(conflict "maker_changes"). Publish or discard it, or retry with { force: true } to overwrite ' +
    'live and discard the draft.'
  );
}

/** A PAL response that cannot be used in any validation mode. */
function badPal(method: string, url: string, message: string, code: string, at = ''): ResponseValidationError {
  return new ResponseValidationError([{ path: at, message, code }], { method, path: url });
}

/** A `{ data: [PAL] }` envelope rather than a bare PAL. */
function isEnvelope(data: unknown): data is { data: unknown[] } {
  return isJsonObject(data) && Array.isArray(data.data) && !('pal_id' in data) && !('persona_id' in data);
}
