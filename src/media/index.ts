/**
 * `tavus-faces/media`: check a training video or image before paying for a face training. Reads as
 * little of the file as it can (container metadata through HTTP `Range` requests, the moov box at
 * either end), applies Tavus's documented requirements for the model, and says what to fix.
 *
 * A bundle of its own: nothing here is reachable from `import { Tavus } from 'tavus-faces'`.
 *
 * @packageDocumentation
 */
import { readImage, imageProblems } from './image.js';
import { DEFAULT_MODEL, SOURCES } from './rules.js';
import { BlobReader, BufferReader, type ByteReader, pathOpener } from './source.js';
import type {
  CheckTrainingMediaOptions,
  TrainingImageReport,
  TrainingMediaProblem,
  TrainingMediaProblemCode,
  TrainingMediaReport,
  TrainingMediaSource,
  TrainingVideoReport,
} from './types.js';
import { expiryProblems, openUrl, readPresignedExpiry } from './url.js';
import { modelRules, readVideo, unknownVideoFacts, videoProblems } from './video.js';

export type {
  CheckTrainingMediaOptions,
  PresignedUrlScheme,
  TrainingImageReport,
  TrainingMediaProblem,
  TrainingMediaProblemCode,
  TrainingMediaReport,
  TrainingMediaSource,
  TrainingVideoReport,
} from './types.js';
export type { TrainingModel } from './rules.js';

/** The URL facts of a report. */
type UrlFacts = Pick<
  TrainingVideoReport,
  'url' | 'status' | 'contentType' | 'rangeSupported' | 'signature' | 'expiresAt'
>;

/** The content rules of each kind: what is left unchecked when the content cannot be read. */
const CONTENT_RULES: Record<'video' | 'image', TrainingMediaProblemCode[]> = {
  video: [
    'file_size',
    'video_format',
    'video_codec',
    'video_duration',
    'video_fps',
    'video_resolution',
    'audio_missing',
  ],
  image: ['image_format', 'image_size'],
};

/**
 * Checks a training video or image against Tavus's requirements for the model, before a paid
 * training: for a URL, that it is reachable with no headers, not an HTML page, of a video/image type,
 * under the size limit and (if presigned) valid for 24 h more; for the content, the container, codecs,
 * duration, frame rate, resolution and audio of a video, the format and size of an image.
 *
 * Reads as little as it can: a video's container metadata through `Range` requests (or `Blob` slices,
 * or file reads), never the whole file; from a server that ignores `Range`, the first 4 MiB, and the
 * report says what that left unchecked. Resolves with a report even when the file is unusable; rejects
 * only on a bad call, a `{ path }` that cannot be opened, or an abort.
 *
 * @example
 * ```ts
 * import { checkTrainingMedia } from 'tavus-faces/media';
 *
 * const report = await checkTrainingMedia(train_video_url, { kind: 'video', model_name: 'phoenix-4' });
 * if (!report.ok) for (const p of report.problems) console.log(`${p.code}: ${p.message}\n  fix: ${p.fix}`);
 * ```
 */
export function checkTrainingMedia(
  source: TrainingMediaSource,
  options: CheckTrainingMediaOptions & { kind: 'video' },
): Promise<TrainingVideoReport>;
export function checkTrainingMedia(
  source: TrainingMediaSource,
  options: CheckTrainingMediaOptions & { kind: 'image' },
): Promise<TrainingImageReport>;
export function checkTrainingMedia(
  source: TrainingMediaSource,
  options: CheckTrainingMediaOptions,
): Promise<TrainingMediaReport>;
export async function checkTrainingMedia(
  source: TrainingMediaSource,
  options: CheckTrainingMediaOptions,
): Promise<TrainingMediaReport> {
  const kind = options?.kind;
  if (kind !== 'video' && kind !== 'image') {
    throw new TypeError(`checkTrainingMedia: options.kind must be 'video' or 'image', got ${JSON.stringify(kind)}`);
  }
  const { signal } = options;
  signal?.throwIfAborted();
  const problems: TrainingMediaProblem[] = [];
  const unchecked = new Set<TrainingMediaProblemCode>();
  const reasons: string[] = [];

  const requested = options.model_name ?? DEFAULT_MODEL;
  let rules = modelRules(requested);
  if (!rules) {
    problems.push({
      code: 'model_name',
      severity: 'warning',
      message: `unknown model_name ${JSON.stringify(requested)}: ${DEFAULT_MODEL}'s rules were applied`,
      fix: "Use 'phoenix-3', 'phoenix-4' or 'phoenix-4.5'.",
      source: SOURCES.CF,
    });
    rules = modelRules(DEFAULT_MODEL)!;
  } else if (kind === 'image' && !rules.imageTraining) {
    problems.push({
      code: 'model_name',
      severity: 'error',
      message: `${requested} does not train from an image`,
      fix: "Train from an image with model_name 'phoenix-4' or 'phoenix-4.5', or from a video with phoenix-3.",
      source: SOURCES.P3V,
    });
  }

  const base = { model_name: requested, sizeBytes: null as number | null, bytesRead: 0 };
  let url: UrlFacts | undefined;
  let reader: ByteReader | null;
  if (typeof source === 'string' || source instanceof URL) {
    const opened = await fromUrl(source, kind, options, problems);
    url = opened.facts;
    reader = opened.reader;
    for (const { codes, why } of opened.unchecked) {
      for (const code of codes) unchecked.add(code);
      reasons.push(why);
    }
  } else {
    reader = await open(source);
  }

  let report: TrainingMediaReport;
  try {
    if (!reader) {
      for (const code of CONTENT_RULES[kind]) unchecked.add(code);
    } else {
      base.sizeBytes = reader.size;
    }
    if (kind === 'video') {
      const read = reader ? await readVideo(reader, signal) : null;
      if (read) {
        if (read.outOfReach) reasons.push(read.outOfReach);
        problems.push(...videoProblems(read, { name: requested, rules }, reader!.size, reader!.name, unchecked));
      }
      report = {
        kind: 'video',
        ok: false,
        problems,
        ...base,
        ...(read?.facts ?? unknownVideoFacts()),
        unchecked: [],
        ...url,
      };
    } else {
      const read = reader ? await readImage(reader) : null;
      if (read) {
        if (read.outOfReach) reasons.push(read.outOfReach);
        problems.push(...imageProblems(read, reader!.name, unchecked));
      }
      report = {
        kind: 'image',
        ok: false,
        problems,
        ...base,
        format: null,
        width: null,
        height: null,
        ...read?.facts,
        unchecked: [],
        ...url,
      };
    }
    report.bytesRead = reader?.bytesRead ?? 0;
  } finally {
    await reader?.close();
  }
  report.unchecked = [...unchecked];
  if (reader && unchecked.size > 0) {
    problems.push({
      code: 'not_checked',
      severity: 'warning',
      message: `not checked: ${report.unchecked.join(', ')} (${reasons.join('; ') || 'the file did not say'})`,
      fix:
        kind === 'video'
          ? 'Serve the file from a host that supports Range requests (S3, GCS, Azure and CloudFront do), or move the moov box to the start: `ffmpeg -i input.mp4 -c copy -movflags +faststart output.mp4`.'
          : 'Serve the file from a host that supports Range requests, or check the file itself.',
      source: SOURCES.CF,
    });
  }
  // Errors first, in rule order within each severity.
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  report.ok = !problems.some((p) => p.severity === 'error');
  return report;
}

async function fromUrl(
  source: string | URL,
  kind: 'video' | 'image',
  options: CheckTrainingMediaOptions,
  problems: TrainingMediaProblem[],
): Promise<{
  facts: UrlFacts;
  reader: ByteReader | null;
  unchecked: { codes: TrainingMediaProblemCode[]; why: string }[];
}> {
  let parsed: URL | null = null;
  try {
    parsed = new URL(String(source));
  } catch {}
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.push({
      code: 'download_link',
      severity: 'error',
      message: parsed
        ? `Tavus downloads training files over HTTP(S); ${parsed.protocol} URLs cannot be fetched`
        : `${JSON.stringify(String(source).slice(0, 200))} is not a URL (for a local file pass { path } in Node, or a File)`,
      fix: 'Upload the file and pass an https URL that downloads it, e.g. a presigned S3 GET URL.',
      source: SOURCES.CF,
    });
    return {
      facts: { url: String(source), status: 0, contentType: null, signature: null, expiresAt: null },
      reader: null,
      unchecked: [],
    };
  }
  const expiry = readPresignedExpiry(parsed);
  problems.push(...expiryProblems(expiry, Date.now()));
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const opened = await openUrl(parsed, kind, fetchFn, options.signal);
  problems.push(...opened.problems);
  return {
    facts: {
      ...opened.facts,
      signature: expiry?.scheme ?? null,
      expiresAt: expiry?.expiresAt?.toISOString() ?? null,
    },
    reader: opened.reader,
    unchecked: opened.unchecked,
  };
}

async function open(source: Exclude<TrainingMediaSource, string | URL>): Promise<ByteReader> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new BlobReader(source);
  if (source instanceof Uint8Array) return new BufferReader(source, null);
  if (source instanceof ArrayBuffer) return new BufferReader(new Uint8Array(source), null);
  if (source && typeof source === 'object' && typeof (source as { path?: unknown }).path === 'string') {
    return pathOpener()((source as { path: string }).path);
  }
  throw new TypeError(
    'checkTrainingMedia: the source must be an http(s) URL, a Blob or File, a Uint8Array or ArrayBuffer, or (Node) { path }',
  );
}
