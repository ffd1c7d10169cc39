import { type APIError, TrainingMediaError, type ValidationIssue } from '../errors.js';
import { path, type RequestOptions } from '../core/http.js';
import type { PageParams, PagePromise } from '../core/pagination.js';
import type { JsonRecord, ResourceContext } from '../core/resource.js';
import {
  type CreateAndWatchResult,
  type ListFacesById,
  type ResumeWatchOptions,
  type RetrieveFace,
  type TrainingBatchWatch,
  type TrainingWatch,
  type TrainingWatchHandle,
  type WatchTrainingOptions,
  checkWatchOptions,
  resumeFaceWatch,
  watchFace,
  watchFaces,
} from '../training/index.js';
import { once } from '../schemas/common.js';
import {
  type CreatedFace,
  FACE_LEGACY_NAMES,
  type Face,
  type FaceWire,
  type ImageValidation,
  type UpdatedFace,
  faceSchemas,
  parseTrainingProgress,
} from '../schemas/face.js';
import { checkCreateFace, checkUpdateFace, listFacesQuery } from './faces.checks.js';
import { nonBlank } from './checks.js';
import {
  type FacePreflightOptions,
  type FacePreflightReport,
  type ImageInput,
  type ValidateImageParams,
  imageBody,
  preflight,
} from './faces.preflight.js';

/** Fields shared by both ways of training a face. */
export interface CreateFaceCommon {
  /** Display name, e.g. `Rio`. */
  face_name?: string;
  /**
   * Receives a POST when training completes or fails (see `parseTrainingCallback`). An empty
   * string, as the reference's quickstarts send, is treated as absent.
   */
  callback_url?: string;
  /** @deprecated A separate consent recording of old video flows; new integrations do not send it. */
  consent_video_url?: string;
}

/** Train a face from a ~1-minute video (30 s speaking, then 30 s listening). */
export interface CreateFaceFromVideo extends CreateFaceCommon {
  /** A direct-download, publicly reachable video URL (e.g. a presigned S3 GET), valid ≥ 24 h. */
  train_video_url: string;
  /** Not with a video: train from one or the other. */
  train_image_url?: never;
  /** Phoenix model. @default 'phoenix-4' */
  model_name?: 'phoenix-3' | 'phoenix-4' | 'phoenix-4.5';
  /** A stock voice slug; video training creates a voice from the video's audio, but it is still checked if sent. */
  voice_name?: string;
  /** A Tavus voice id to use as the face's default voice. */
  default_voice_id?: string;
  /** Image training only. */
  auto_fix_training_image?: never;
}

/** Image training picks its voice by stock slug… */
export interface ImageVoiceByName {
  /** A stock voice slug, case-insensitive (e.g. `anna`); see `tavus.voices.list()`. */
  voice_name: string;
  /** Not with `voice_name`: pick one. */
  default_voice_id?: never;
}
/** …or by Tavus voice id. */
export interface ImageVoiceById {
  /** A Tavus `voice_id` (e.g. `v0a1b2c3d4e5f`). */
  default_voice_id: string;
  /** Not with `default_voice_id`: pick one. */
  voice_name?: never;
}

/** Train a face from a single image plus a voice (Phoenix-4 and later). */
export type CreateFaceFromImage = CreateFaceCommon &
  (ImageVoiceByName | ImageVoiceById) & {
    /** A publicly reachable JPG/PNG, ≥ 512×512, one adult person, valid ≥ 24 h. */
    train_image_url: string;
    /** Not with an image: train from one or the other. */
    train_video_url?: never;
    /** Phoenix model; image training is not available on `phoenix-3`. @default 'phoenix-4' */
    model_name?: 'phoenix-4' | 'phoenix-4.5';
    /** Ask Tavus's AI Image Fixer to adjust the photo. */
    auto_fix_training_image?: boolean;
  };

/** Parameters of {@link Faces.create}: exactly one of a video or an image (with a voice). */
export type CreateFaceParams = CreateFaceFromVideo | CreateFaceFromImage;

/** Options of {@link Faces.create}: the request options, and whether to check the training media first. */
export interface CreateFaceOptions extends RequestOptions {
  /**
   * Run {@link Faces.preflight} first (`true`, or its options): an error-severity problem throws
   * `TrainingMediaError` and nothing is sent; warnings go to the client's `warning` event
   * (`kind: 'preflight'`). @default false
   */
  preflight?: boolean | FacePreflightOptions;
}

/** Parameters of {@link Faces.get}. */
export interface GetFaceParams {
  /** Include extra fields such as `face_type`. */
  verbose?: boolean;
}

/** Parameters of {@link Faces.list}. */
export interface ListFacesParams extends PageParams {
  /** Only these faces (sent as the documented comma-separated `face_ids` filter). */
  face_ids?: readonly string[];
  /** Only faces trained with this model. */
  model_name?: string;
  /** Include extra fields such as `face_type`. */
  verbose?: boolean;
}

/** Parameters of {@link Faces.update} (a merge patch: send only what changes, at least one field). */
export type UpdateFaceParams =
  | {
      /** New display name; must not be blank. */
      face_name: string;
      /** New default voice; must not be blank (a default voice cannot be cleared). */
      default_voice_id?: string;
    }
  | {
      /** New display name; must not be blank. */
      face_name?: string;
      /** New default voice; must not be blank (a default voice cannot be cleared). */
      default_voice_id: string;
    };

/** Parameters of {@link Faces.delete}. */
export interface DeleteFaceParams {
  /** Irreversibly delete the face and its assets (training footage). Conversations are kept. */
  hard?: boolean;
}

/**
 * Your own faces (`tavus.faces`): train, read, list, rename, delete. A face is a likeness trained
 * with Phoenix; training takes hours, so watch it with `watchTraining` or a `callback_url`.
 */
export class Faces {
  // One-line methods are still `async`: a check or an empty id throws while the call's arguments
  // are built, and that must reject the returned promise rather than throw at the caller.
  readonly #ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /**
   * Starts training a face from a video or an image; resolves as soon as Tavus accepts the job
   * (`status: 'started'`). Checked before sending: exactly one of `train_video_url` /
   * `train_image_url`; with an image exactly one of `voice_name` / `default_voice_id` and not on
   * `phoenix-3`; absolute http(s) URLs. Never retried after a failure that may have reached the
   * server (a duplicate would start a second paid training); a 429 is retried. A 403 (a
   * `PermissionDeniedError`) says that custom faces need a paid plan. With `{ preflight: true }` the
   * training media is checked first (see {@link Faces.preflight}), and a problem Tavus would fail the
   * training with throws `TrainingMediaError` before anything is sent.
   *
   * @example
   * ```ts
   * const { face_id } = await tavus.faces.create({ train_video_url: 'https://…/rio.mp4', face_name: 'Rio' }, { preflight: true });
   * ```
   */
  async create(params: CreateFaceParams, options?: CreateFaceOptions): Promise<CreatedFace> {
    const body = checkCreateFace(params, this.#ctx);
    if (!options?.preflight) return this.#ctx.post('/v2/faces', { body, options, ...reads().created });
    const { preflight: check, ...request } = options;
    const report = await this.#preflight(body, { signal: request.signal, ...(check === true ? {} : check) });
    if (!report.ok) throw new TrainingMediaError(report);
    for (const p of report.problems) {
      this.#ctx.emit('warning', { kind: 'preflight', message: `${p.field}: ${p.code}: ${p.message}`, path: p.field });
    }
    return this.#ctx.post('/v2/faces', { body, options: request, ...reads().created });
  }

  /**
   * Checks the training media of Create Face params before a paid training: `checkTrainingMedia`
   * (from `tavus-faces/media`, loaded on first use) on `train_video_url`, `train_image_url` and a
   * deprecated `consent_video_url`, with the params' model; for an image that passes, also Tavus's
   * own checker ({@link Faces.validateImage}). The params are checked as `create` checks them.
   * Resolves with the combined report (see {@link FacePreflightReport}), problems and all; sends no
   * Create Face request.
   *
   * @example
   * ```ts
   * const report = await tavus.faces.preflight({ train_video_url });
   * for (const p of report.problems) console.log(`${p.severity} ${p.field} ${p.code}: ${p.message}\n  fix: ${p.fix}`);
   * ```
   */
  async preflight(params: CreateFaceParams, options?: FacePreflightOptions): Promise<FacePreflightReport> {
    return this.#preflight(checkCreateFace(params, this.#ctx), options);
  }

  /**
   * Asks Tavus whether an image is fit to train a face from (Validate Face Image), without creating
   * one: `passed`, each check, diagnostics. The image is sent as base64: a URL is downloaded first
   * (with a plain GET, never the API key), a `Blob`, bytes or (Node) `{ path }` read. Inputs over the
   * documented limit (28 MiB of base64, so a 21 MiB image) are refused before anything is sent. It
   * creates nothing, so it is retried like a read (5xx, timeouts, lost connections).
   *
   * @example
   * ```ts
   * const { passed, checks } = await tavus.faces.validateImage(file, { model_name: 'phoenix-4.5' });
   * ```
   */
  async validateImage(
    input: ImageInput,
    params?: ValidateImageParams,
    options?: RequestOptions,
  ): Promise<ImageValidation> {
    const body = await imageBody(input, params, options?.signal);
    return this.#ctx.post('/v2/faces/image-validation', { body, options, idempotent: true, ...reads().validation });
  }

  #preflight(body: Record<string, unknown>, options: FacePreflightOptions | undefined): Promise<FacePreflightReport> {
    return preflight(body, options, (url, model_name, signal) =>
      this.validateImage(url, { model_name, fetch: options?.fetch }, { signal }),
    );
  }

  /** Reads one face. Unknown ids answer 400 `Invalid face_id` (a `BadRequestError`). */
  async get(faceId: string, params?: GetFaceParams, options?: RequestOptions): Promise<Face> {
    return getFace(this.#ctx, faceId, params, options);
  }

  /**
   * Lists your own faces (sends `face_type=user`; stock faces are `tavus.stockFaces`). Await it for
   * the first page, or iterate it for every face.
   */
  list(params?: ListFacesParams, options?: RequestOptions): PagePromise<Face> {
    return listFaces(this.#ctx, 'user', params, options);
  }

  /**
   * Renames a face or changes its default voice (Update Face, a merge patch). Blank values are
   * rejected before sending.
   */
  async update(faceId: string, params: UpdateFaceParams, options?: RequestOptions): Promise<UpdatedFace> {
    return this.#ctx.patch(path`/v2/faces/${faceId}`, { body: checkUpdateFace(params), options, ...reads().updated });
  }

  /** Renames a face: sugar over {@link Faces.update} with `{ face_name }`. */
  async rename(faceId: string, name: string, options?: RequestOptions): Promise<UpdatedFace> {
    return this.update(faceId, { face_name: nonBlank('face_name', name) }, options);
  }

  /**
   * Deletes a face (Tavus answers `200 OK` as text). A retried delete whose first attempt already
   * removed the face resolves too.
   */
  async delete(faceId: string, params?: DeleteFaceParams, options?: RequestOptions): Promise<void> {
    return this.#ctx.delete(path`/v2/faces/${faceId}`, { query: { hard: params?.hard }, options, expect: 'any' });
  }

  /**
   * Watches a face's training until it is trained (see `until`), fails, or the deadline passes.
   * Polls `GET /v2/faces/{id}` every `intervalMs` (default 30 s) in a sequential loop; watches of
   * the same face on this client share one poll. Bad input throws `RequestValidationError` before
   * any request.
   *
   * @example
   * ```ts
   * const watch = tavus.faces.watchTraining(face_id, { timeoutMs: 6 * 3_600_000 });
   * watch.on('progress', ({ percent, etaMs }) => console.log(percent, etaMs));
   * const face = await watch.done;
   * ```
   */
  watchTraining(faceId: string, options?: WatchTrainingOptions): TrainingWatch {
    return watchFace(this.#ctx, this.#retrieveForWatch, faceId, options);
  }

  /**
   * Starts training (like {@link Faces.create}, `{ preflight }` included) and watches it:
   * `{ face, watch }`. Watch options are checked before the face is created.
   */
  async createAndWatch(
    params: CreateFaceParams,
    watchOptions?: WatchTrainingOptions,
    options?: CreateFaceOptions,
  ): Promise<CreateAndWatchResult> {
    // A bad watch option must not cost a paid training: check it before the face is created.
    checkWatchOptions(watchOptions);
    const face = await this.create(params, options);
    return { face, watch: this.watchTraining(face.face_id, watchOptions) };
  }

  /**
   * Watches many faces with the list endpoint's `face_ids` filter, in chunks of at most 100 ids
   * (at most ⌈faces / 100⌉ requests per interval); finished faces drop out of the poll.
   */
  watchMany(faceIds: readonly string[], options?: WatchTrainingOptions): TrainingBatchWatch {
    return watchFaces(this.#ctx, this.#listForWatch, this.#retrieveForWatch, faceIds, options);
  }

  /** Continues a watch from `watch.toJSON()` (e.g. in another process), under the same deadline. */
  resumeWatch(handle: TrainingWatchHandle, options?: ResumeWatchOptions): TrainingWatch {
    return resumeFaceWatch(this.#ctx, this.#retrieveForWatch, handle, options);
  }

  // The watcher backs off by itself, so its polls are never retried by the HTTP core; and it lets
  // status values the SDK does not know yet through even in strict mode (it warns about them and
  // slows down rather than fail).
  readonly #retrieveForWatch: RetrieveFace = async (faceId, signal) =>
    getFace(this.#ctx, faceId, undefined, { signal, maxRetries: 0 }, isOpenStatusIssue);

  // A page is the `{ data, total_count }` the batch watcher reads.
  readonly #listForWatch: ListFacesById = async (faceIds, page, signal) =>
    listFaces(
      this.#ctx,
      'user',
      { face_ids: faceIds, limit: faceIds.length, page },
      { signal, maxRetries: 0 },
      isOpenStatusIssue,
    );
}

/**
 * Reads one face; the watcher reads with `tolerate`.
 *
 * @internal
 */
export function getFace(
  ctx: ResourceContext,
  faceId: string,
  params: GetFaceParams | undefined,
  options: RequestOptions | undefined,
  tolerate?: (issue: ValidationIssue) => boolean,
): Promise<Face> {
  return ctx.get(path`/v2/faces/${faceId}`, {
    query: { verbose: params?.verbose },
    options,
    ...reads().face,
    tolerate,
  });
}

/**
 * Lists faces of one `face_type`: the account's own (`user`, 50 a page) or the stock faces
 * (`system`, 100 a page); the watcher lists with `tolerate`.
 *
 * @internal
 */
export function listFaces(
  ctx: ResourceContext,
  faceType: 'user' | 'system',
  params: ListFacesParams | undefined,
  options: RequestOptions | undefined,
  tolerate?: (issue: ValidationIssue) => boolean,
): PagePromise<Face> {
  // The common call (no options, no tolerance) shares one spec: a spread per call would also make a
  // shape of its own that a full GC frees (see core/shapes.ts).
  const { list } = reads();
  const spec = options === undefined && tolerate === undefined ? list : { ...list, options, tolerate };
  return ctx.list('/v2/faces', () => listFacesQuery(faceType, params), spec, faceType === 'system' ? 100 : 50);
}

/** How face answers are read; built on first use, like the schemas. */
const reads = once(() => {
  const normalise = (data: JsonRecord, ctx: ResourceContext): void => ctx.renameLegacy(data, FACE_LEGACY_NAMES);
  const { face, created, updated, imageValidation } = faceSchemas();
  const one = { schema: face, normalise, derive: withProgress };
  return {
    face: one,
    list: { ...one, key: faceKey },
    created: { schema: created, normalise, explain: planHint },
    updated: { schema: updated, normalise },
    // The legacy route's diagnostics say `pose_suitable_for_replica` where this one says `..._face`.
    validation: {
      schema: imageValidation,
      normalise: (data: JsonRecord, ctx: ResourceContext) =>
        ctx.renameLegacy(data.details, { pose_suitable_for_replica: 'pose_suitable_for_face' }),
    },
  };
});

/** A face's own id: pages compare their faces by it. */
const faceKey = (face: Face): unknown => face.face_id;

/** Adds the derived `progress` to a checked face. */
function withProgress(face: FaceWire): Face {
  const out = face as Face;
  out.progress = parseTrainingProgress(out.training_progress);
  return out;
}

/**
 * What a 403 from Create Face most likely means, beside the server's own words: the error stays the
 * same `PermissionDeniedError` (status, body, headers); only its message gains the hint.
 */
function planHint(error: APIError): string | undefined {
  if (error.status !== 403) return undefined;
  return (
    `${error.message} (custom faces need a Starter, Growth or Enterprise plan; free plans can use stock faces ` +
    'only: https://docs.tavus.io/sections/faces/overview)'
  );
}

/** An unknown value of a face's `status` or `finetune_status` (e.g. `data[3].status`). */
function isOpenStatusIssue(issue: ValidationIssue): boolean {
  return issue.code === 'invalid_value' && /(^|\.)(status|finetune_status)$/.test(issue.path);
}
