/**
 * What `tavus.faces.preflight` and `validateImage` need beside the pipeline: loading
 * `tavus-faces/media` on first use, combining its per-URL reports, and turning an image input into
 * the base64 body Validate Face Image takes.
 *
 * @module
 */
import { RequestValidationError } from '../errors.js';
import type {
  TrainingImageReport,
  TrainingMediaProblem,
  TrainingMediaProblemCode,
  TrainingMediaSource,
  TrainingVideoReport,
} from '../media/types.js';
import type { ImageValidation } from '../schemas/face.js';

/** Options of `tavus.faces.preflight` (and of `faces.create(params, { preflight })`). */
export interface FacePreflightOptions {
  /** Aborts the checks (the media reads and Tavus's image check). */
  signal?: AbortSignal;
  /**
   * The `fetch` that reads the training URLs: a plain GET with a `Range` header, never the API key.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /** Image training: also ask Tavus's own checker (`validateImage`) when the local checks pass. @default true */
  validateImage?: boolean;
}

/** One finding of a preflight: a `checkTrainingMedia` problem, or a failed check of Tavus's image validation. */
export interface FacePreflightProblem extends Omit<TrainingMediaProblem, 'code'> {
  /** The field of the Create Face params it is about. */
  field: 'train_video_url' | 'train_image_url' | 'consent_video_url';
  /** A `checkTrainingMedia` code, or `image_validation`: Tavus's own image checker said no. */
  code: TrainingMediaProblemCode | 'image_validation';
}

/** What `tavus.faces.preflight` resolves with. */
export interface FacePreflightReport {
  /** True when no problem has severity `error`: the training is worth paying for. */
  ok: boolean;
  /** The model whose rules were applied (`model_name` of the params, `phoenix-4` when absent). */
  model_name: string;
  /** Every finding of every field, errors first. */
  problems: FacePreflightProblem[];
  /** `checkTrainingMedia`'s report of each URL in the params (facts, bytes read, what went unchecked). */
  reports: {
    /** The training video. */
    train_video_url?: TrainingVideoReport;
    /** The deprecated consent video, when sent: checked as a video, without the duration rule. */
    consent_video_url?: TrainingVideoReport;
    /** The training image. */
    train_image_url?: TrainingImageReport;
  };
  /** Image training: Tavus's own verdict (`POST /v2/faces/image-validation`), when it was asked. */
  imageValidation?: ImageValidation;
}

/**
 * An image for `validateImage`, as `checkTrainingMedia` takes one: an http(s) URL (downloaded with a
 * plain GET), a `data:` URL, a `Blob`/`File`, the bytes, or in Node `{ path }`.
 */
export type ImageInput = TrainingMediaSource;

/** Parameters of `tavus.faces.validateImage`. */
export interface ValidateImageParams {
  /** The model you will train with; its checks apply. @default 'phoenix-4' */
  model_name?: 'phoenix-4' | 'phoenix-4.5' | (string & {});
  /** The image's MIME type. @default the `data:` URL's, the Blob's or the served type, else sniffed from the bytes */
  mimeType?: string;
  /** The `fetch` that downloads a URL input (never with the API key). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** Validate Face Image's documented limit on `imageBase64`: 28 MiB of characters (the JSON body: 30 MiB). */
const MAX_BASE64 = 28 * 1024 * 1024;
const MAX_BODY = 30 * 1024 * 1024;
/** The largest image whose base64 fits: 21 MiB. */
const MAX_IMAGE_BYTES = (MAX_BASE64 / 4) * 3;
const VFI = 'https://docs.tavus.io/api-reference/faces/validate-face-image';

type Media = typeof import('../media/index.js');
let media: Promise<Media> | undefined;

/**
 * Runs `checkTrainingMedia` on every URL of Create Face params (already checked by `checkCreateFace`)
 * and, for an image that passes, Tavus's own checker through `validate`.
 *
 * @internal
 */
export async function preflight(
  body: Record<string, unknown>,
  options: FacePreflightOptions | undefined,
  validate: (url: string, model: string, signal?: AbortSignal) => Promise<ImageValidation>,
): Promise<FacePreflightReport> {
  // A dynamic import: the media checks and mediabunny stay out of `import { Tavus }`. The build keeps
  // it as `import('tavus-faces/media')`, the package's own subpath (tsup.config.ts, `mediaOnDemand`),
  // so bundlers split it into its own chunk and Node picks the `node` build; nothing loads before use.
  media ??= import('../media/index.js');
  const { checkTrainingMedia } = await media.catch((error) => {
    media = undefined;
    throw error;
  });
  const model = String(body.model_name ?? 'phoenix-4');
  const { signal, fetch } = options ?? {};
  const report: FacePreflightReport = { ok: true, model_name: model, problems: [], reports: {} };
  const reports = report.reports as Record<string, TrainingVideoReport | TrainingImageReport>;
  await Promise.all(
    (['train_video_url', 'consent_video_url', 'train_image_url'] as const).map(async (field) => {
      const url = body[field];
      if (typeof url !== 'string') return;
      const kind = field === 'train_image_url' ? 'image' : 'video';
      const one = await checkTrainingMedia(url, { kind, model_name: model, signal, fetch });
      reports[field] = one;
      for (const problem of one.problems) {
        // A consent recording is a short statement: the training video's length rule is not its.
        if (field !== 'consent_video_url' || problem.code !== 'video_duration')
          report.problems.push({ ...problem, field });
      }
      if (kind === 'image' && one.ok && options?.validateImage !== false) {
        const verdict = await validate(url, model, signal);
        report.imageValidation = verdict;
        const failed = verdict.checks.filter((check) => !check.passed);
        if (!verdict.passed) {
          for (const check of failed.length ? failed : [{ id: 'passed', label: 'overall verdict' }]) {
            report.problems.push({
              field,
              code: 'image_validation',
              severity: 'error',
              message: `Tavus's image check "${check.label}" (${check.id}) failed on ${model}`,
              fix: 'Use a photo of one adult, head fully in frame, looking straight at the camera; or send auto_fix_training_image: true.',
              source: VFI,
            });
          }
        }
      }
    }),
  );
  report.problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  report.ok = !report.problems.some((p) => p.severity === 'error');
  return report;
}

/** Reads `{ path }` inputs; only the Node entry installs one, so `node:fs` stays out of browser builds. @internal */
export type PathReader = (path: string, maxBytes: number) => Promise<Uint8Array>;
let readPath: PathReader | undefined;

/** Called once by the Node entry (src/index.node.ts). @internal */
export function usePathReader(reader: PathReader): void {
  readPath = reader;
}

/**
 * The body of Validate Face Image for an input: raw base64 (no `data:` prefix), its MIME type and the
 * model. Inputs over the documented limits are refused before anything is sent (and a URL's download
 * stops as soon as it is known to be too large).
 *
 * @internal
 */
export async function imageBody(
  input: ImageInput,
  params: ValidateImageParams | undefined,
  signal: AbortSignal | undefined,
): Promise<{ imageBase64: string; mimeType: string; model: string }> {
  let type = params?.mimeType;
  let base64: string;
  const dataUrl = typeof input === 'string' && /^data:([^;,]*)(;[^,]*)?,/i.exec(input);
  if (dataUrl) {
    if (!/;base64$/i.test(dataUrl[2] ?? '')) throw bad('expected a base64 data: URL');
    type ||= dataUrl[1];
    base64 = input.slice(dataUrl[0].length);
    if (base64.length > MAX_BASE64) throw tooLarge(base64.length, 'characters of base64');
  } else {
    let bytes: Uint8Array;
    let served: string | undefined;
    if (typeof input === 'string' || input instanceof URL) {
      [bytes, served] = await download(String(input), params?.fetch, signal);
    } else if (typeof Blob !== 'undefined' && input instanceof Blob) {
      if (input.size > MAX_IMAGE_BYTES) throw tooLarge(input.size);
      bytes = new Uint8Array(await input.arrayBuffer());
      served = input.type;
    } else if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
      bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    } else if (typeof (input as { path?: unknown })?.path === 'string') {
      if (!readPath) throw bad('a { path } needs Node; in a browser pass a File or Blob');
      bytes = await readPath((input as { path: string }).path, MAX_IMAGE_BYTES);
    } else {
      throw bad('expected an http(s) or data: URL, a Blob or File, a Uint8Array or ArrayBuffer, or (Node) { path }');
    }
    if (bytes.length > MAX_IMAGE_BYTES) throw tooLarge(bytes.length);
    type ||= sniff(bytes) ?? (served?.startsWith('image/') ? served.split(';')[0] : undefined);
    base64 = toBase64(bytes);
  }
  if (!type)
    throw new RequestValidationError('mimeType', 'the image type could not be told from its bytes; pass mimeType');
  const model = params?.model_name ?? 'phoenix-4';
  if (base64.length + type.length + model.length + 64 > MAX_BODY) throw tooLarge(base64.length, 'characters of base64');
  return { imageBase64: base64, mimeType: type, model };
}

async function download(
  url: string,
  fetchFn: typeof globalThis.fetch | undefined,
  signal: AbortSignal | undefined,
): Promise<[Uint8Array, string | undefined]> {
  if (!/^https?:\/\//i.test(url)) throw bad('expected an absolute http(s) or data: URL');
  let response: Response;
  try {
    // No headers and no credentials: the API key is only ever sent to baseUrl.
    response = await (fetchFn ?? globalThis.fetch)(url, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw bad(`the image could not be downloaded (${(error as Error)?.message ?? error})`);
  }
  const length = Number(response.headers.get('content-length'));
  if (!response.ok || length > MAX_IMAGE_BYTES) {
    // Not awaited: a stream that never settles its cancel must not hang the call.
    response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw bad(`the image could not be downloaded (HTTP ${response.status})`);
    throw tooLarge(length);
  }
  return [new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type') ?? undefined];
}

/** The image type from its signature bytes: what Tavus will decode, whatever the name or served type says. */
function sniff(b: Uint8Array): string | undefined {
  const text = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (text(0, 4) === '\x89PNG') return 'image/png';
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WEBP') return 'image/webp';
  if (text(0, 4) === 'GIF8') return 'image/gif';
  if (text(4, 4) === 'ftyp') return /^avi[fs]/.test(text(8, 4)) ? 'image/avif' : 'image/heic';
  return undefined;
}

/**
 * Base64 with `btoa`, which Node and browsers both have, in slices of a multiple of 3 bytes (so no
 * slice but the last is padded) small enough for `String.fromCharCode`'s argument limit.
 */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += 24_576) {
    out += btoa(String.fromCharCode(...bytes.subarray(at, at + 24_576)));
  }
  return out;
}

function bad(message: string): RequestValidationError {
  return new RequestValidationError('input', message);
}

function tooLarge(size: number, unit = 'bytes'): RequestValidationError {
  return bad(
    `the image is ${size} ${unit}; Validate Face Image takes at most ${MAX_BASE64} characters of base64 ` +
      `(a ${MAX_IMAGE_BYTES}-byte image) in a ${MAX_BODY}-byte JSON body`,
  );
}
