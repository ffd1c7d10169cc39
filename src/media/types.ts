import type { TrainingModel } from './rules.js';

/**
 * What {@link checkTrainingMedia} reads: an `http(s)` URL (a string or a `URL`, fetched with `Range`
 * requests and no other headers, as Tavus will fetch it), a `Blob` or `File`, the bytes themselves, or
 * in Node a file on disk as `{ path }` (the `tavus-faces/media` entry's `node` build).
 */
export type TrainingMediaSource =
  | string
  | URL
  | Blob
  | Uint8Array
  | ArrayBuffer
  | {
      /** A file on disk (Node only), read in ranges like any other source. */
      path: string;
    };

/** Options of {@link checkTrainingMedia}. */
export interface CheckTrainingMediaOptions {
  /** Which training input this is: a `train_video_url` or a `train_image_url`. */
  kind: 'video' | 'image';
  /**
   * The model you will train with: its rules apply (phoenix-3 asks for a longer video and trains from
   * no image). An unknown name gets phoenix-4's rules and a warning.
   * @default 'phoenix-4' (Create Face's default)
   */
  model_name?: TrainingModel | (string & {});
  /** Aborts the check: pending reads stop and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The `fetch` used for URL sources (a proxy, a test server, a polyfill).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

/**
 * A problem code. Tavus's own training error names where Tavus has one (`download_link`, `file_size`,
 * `video_format`, `video_codec`, `video_codec_and_format`, `video_duration`, `video_fps`), plain names
 * for the rest. docs/training-media.md lists each with its rule and source.
 */
export type TrainingMediaProblemCode =
  | 'download_link'
  | 'url_expiry'
  | 'content_type'
  | 'file_size'
  | 'video_format'
  | 'video_codec'
  | 'video_codec_and_format'
  | 'video_duration'
  | 'video_fps'
  | 'video_resolution'
  | 'audio_missing'
  | 'image_format'
  | 'image_size'
  | 'model_name'
  | 'not_checked';

/** One finding of a check. */
export interface TrainingMediaProblem {
  /** What kind of problem (see {@link TrainingMediaProblemCode}). */
  code: TrainingMediaProblemCode;
  /** `error`: the training would fail or not take the file, so {@link TrainingMediaReport.ok} is false. `warning`: it may work, worse. */
  severity: 'error' | 'warning';
  /** What is wrong, with the values read, e.g. `the video is 20.0 s long; phoenix-4 needs at least 60 s`. */
  message: string;
  /** What to do about it, often an ffmpeg command. */
  fix: string;
  /** The page the rule comes from. */
  source: string;
}

/** What every report has. */
interface ReportBase {
  /** True when no problem has severity `error`. */
  ok: boolean;
  /** Every finding, errors first. */
  problems: TrainingMediaProblem[];
  /** The model whose rules were applied. */
  model_name: string;
  /** The file's size in bytes (`Content-Range` / `Content-Length` for a URL), or null when not known. */
  sizeBytes: number | null;
  /** How many bytes the check read (downloaded, for a URL). */
  bytesRead: number;
  /**
   * Rules that could not be checked, by problem code (a server without `Range` support and the moov box
   * past the prefix read, an unknown size, an unreadable URL). A `not_checked` warning says why.
   */
  unchecked: TrainingMediaProblemCode[];
  /** For a URL source: the URL checked. */
  url?: string;
  /** For a URL source: the HTTP status of the first request (0 when no response came). */
  status?: number;
  /** For a URL source: the `Content-Type` served, or null when none. */
  contentType?: string | null;
  /** For a URL source: whether the server honoured a `Range` request (206). */
  rangeSupported?: boolean;
  /** For a presigned URL: its scheme (see {@link PresignedUrlScheme}), or null when the URL carries no signature we know. */
  signature?: PresignedUrlScheme | null;
  /** For a presigned URL: when it stops working (ISO 8601), or null when the URL does not say. */
  expiresAt?: string | null;
}

/** The report of a training video check. Facts are null when they could not be read. */
export interface TrainingVideoReport extends ReportBase {
  /** A video check. */
  kind: 'video';
  /** The container: `mp4`, `mov`, `webm` or `mkv` (what mediabunny reads), null when none of them. */
  container: 'mp4' | 'mov' | 'webm' | 'mkv' | null;
  /** The primary video track's codec: `h264` (H.264/AVC), `hevc`, `vp8`, `vp9`, `av1`, … */
  videoCodec: string | null;
  /** The primary audio track's codec (`aac`, `opus`, `mp3`, …), null when there is no audio track. */
  audioCodec: string | null;
  /** The duration in seconds, from the container's metadata. */
  durationS: number | null;
  /** The displayed width in pixels (after rotation). */
  width: number | null;
  /** The displayed height in pixels (after rotation). */
  height: number | null;
  /** The frame rate (mediabunny's best guess from the first frames' timestamps). */
  fps: number | null;
  /** Whether there is an audio track. */
  hasAudio: boolean | null;
}

/** The report of a training image check. Facts are null when they could not be read. */
export interface TrainingImageReport extends ReportBase {
  /** An image check. */
  kind: 'image';
  /** The format sniffed from the bytes: `jpeg`, `png`, `webp`, `gif`, `heic`, `avif`, `bmp`, `tiff`, or null. */
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'avif' | 'bmp' | 'tiff' | null;
  /** The width in pixels (JPEG, PNG, WebP, GIF, BMP). */
  width: number | null;
  /** The height in pixels (JPEG, PNG, WebP, GIF, BMP). */
  height: number | null;
}

/** What {@link checkTrainingMedia} resolves with: a video or an image report. */
export type TrainingMediaReport = TrainingVideoReport | TrainingImageReport;

/**
 * The presigned URL schemes whose expiry is read: S3 Signature V4 and V2, Google Cloud Storage V4 and
 * V2, Azure shared access signatures, CloudFront canned and custom policies.
 */
export type PresignedUrlScheme =
  | 'aws-sigv4'
  | 'aws-sigv2'
  | 'gcs-v4'
  | 'gcs-v2'
  | 'azure-sas'
  | 'cloudfront-canned'
  | 'cloudfront-custom';
