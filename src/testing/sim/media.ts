/**
 * Media the simulator is told about (`sim.setMedia`): the training error Tavus would report for a
 * file, serving the file's bytes like a storage host, and Validate Face Image's verdicts.
 *
 * @module
 * @internal
 */
import { type Handler, Reply, badRequest, ok, parseBody } from './http.js';
import type { SimState } from './state.js';
import type { SimMediaFacts } from './types.js';

// Tavus's own texts where its error table gives them (errors-and-status-details); the format and
// codec texts are the simulator's, in the same voice, since the table's are not readable.
const PROCESSING = 'There was an issue processing your training video. ';
/** @internal */
export const TRAINING_ERRORS = {
  download_link:
    'There was an issue downloading your video file. Please ensure that the link you provided is correct and try again',
  file_size:
    'The video file you provided exceeds the maximum file size allowed. Please ensure that the video is less than 750MB and try again.',
  video_codec_and_format: `${PROCESSING}The video must be an .mp4 file encoded with H.264`,
  video_format: `${PROCESSING}The video must be an .mp4 file`,
  video_codec: `${PROCESSING}The video must be encoded with H.264`,
  video_duration: `${PROCESSING}The video provided does not meet the minimum duration requirement for training`,
} as const;

/**
 * The `error_message` a training from this video (or image) ends with, or `undefined` when the facts
 * say nothing wrong: Tavus's checks in the order it downloads, then reads the file.
 *
 * @internal
 */
export function trainingError(facts: SimMediaFacts | undefined, kind: 'video' | 'image'): string | undefined {
  if (!facts) return undefined;
  if (facts.reachable === false) return TRAINING_ERRORS.download_link;
  if (kind === 'image') return undefined;
  if ((facts.sizeBytes ?? 0) > 750_000_000) return TRAINING_ERRORS.file_size;
  const format = facts.container !== undefined && facts.container !== 'mp4';
  const codec = facts.videoCodec !== undefined && facts.videoCodec !== 'h264';
  if (format && codec) return TRAINING_ERRORS.video_codec_and_format;
  if (format) return TRAINING_ERRORS.video_format;
  if (codec) return TRAINING_ERRORS.video_codec;
  if (facts.durationS !== undefined && facts.durationS < 60) return TRAINING_ERRORS.video_duration;
  return undefined;
}

/**
 * Answers a GET (or HEAD) of a media URL whose bytes the simulator holds, as a storage host would:
 * no API key needed, `Range` honoured (206 with `Content-Range`), 404 when it is not `reachable`.
 * `undefined` for every other request.
 *
 * @internal
 */
export function serveMedia(state: SimState, request: Request): Response | undefined {
  const facts = state.mediaFacts(request.url);
  if (!facts?.bytes || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
  if (facts.reachable === false) return new Response('Not Found', { status: 404 });
  const bytes = facts.bytes instanceof Uint8Array ? facts.bytes : new Uint8Array(facts.bytes);
  const size = bytes.length;
  const headers: Record<string, string> = {
    'content-type': facts.contentType ?? 'video/mp4',
    'accept-ranges': 'bytes',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
  let start = 0;
  let end = size;
  let status = 200;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(size, Number(range[2]) + 1) : size;
    if (start >= size) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
    status = 206;
    headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
  }
  headers['content-length'] = String(end - start);
  const body = request.method === 'HEAD' ? null : bytes.slice(start, end);
  return new Response(body, { status, headers });
}

/** Validate Face Image's documented limit on `imageBase64`: 28 MiB of characters. */
const MAX_BASE64 = 28 * 1024 * 1024;

/**
 * `POST /v2/faces/image-validation`: deterministic verdicts from the decoded image, never a face
 * detector. `image_format` passes JPEG and PNG, `image_resolution` at least 512 × 512, and
 * `head_fully_in_frame` fails an image at least twice as wide as it is high (a wide shot crops the
 * head): see docs/testing.md. The legacy route names `pose_suitable_for_replica` in `details`.
 *
 * @internal
 */
export const validateImage: Handler = (_state, { text, legacy }) => {
  const body = parseBody(text);
  const { imageBase64, mimeType, model = 'phoenix-4' } = body;
  if (typeof imageBase64 !== 'string' || imageBase64 === '') throw badRequest('imageBase64 is required');
  if (imageBase64.startsWith('data:')) throw badRequest('imageBase64 must be raw base64, without a data: URL prefix');
  if (imageBase64.length > MAX_BASE64) throw new Reply(413, { error: 'imageBase64 exceeds 28 MiB' });
  if (typeof mimeType !== 'string' || mimeType === '') throw badRequest('mimeType is required');
  if (model !== 'phoenix-4' && model !== 'phoenix-4.5') throw badRequest('Invalid model');
  let bytes: Uint8Array;
  try {
    // The header is enough: at most the first 1 MiB of image (1.33 MiB of base64, a multiple of 4).
    const head = atob(imageBase64.slice(0, 1_398_100).replace(/=+$/, ''));
    bytes = Uint8Array.from(head, (c) => c.charCodeAt(0));
  } catch {
    throw badRequest('imageBase64 is not valid base64');
  }
  const { format, width, height } = imageFacts(bytes);
  const checks = [
    { id: 'image_format', label: 'The image is a JPEG or PNG', passed: format === 'jpeg' || format === 'png' },
    { id: 'image_resolution', label: 'The image is at least 512 × 512 pixels', passed: width >= 512 && height >= 512 },
    { id: 'head_fully_in_frame', label: 'The whole head is inside the frame', passed: width < 2 * height },
  ];
  const pose = checks[2]?.passed === true;
  return ok({
    passed: checks.every((c) => c.passed),
    checks,
    details: { format, width, height, model, [legacy ? 'pose_suitable_for_replica' : 'pose_suitable_for_face']: pose },
  });
};

function imageFacts(b: Uint8Array): { format: string; width: number; height: number } {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50) {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    for (let at = 2; at + 9 < b.length; ) {
      const marker = b[at + 1] ?? 0;
      if (b[at] !== 0xff) break;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + view.getUint16(at + 2);
    }
    return { format: 'jpeg', width: 0, height: 0 };
  }
  const ascii = String.fromCharCode(...b.subarray(0, 12));
  const format = ascii.startsWith('GIF8') ? 'gif' : ascii.slice(8, 12) === 'WEBP' ? 'webp' : 'unknown';
  return { format, width: 0, height: 0 };
}
