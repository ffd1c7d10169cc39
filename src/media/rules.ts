/**
 * What Tavus asks of training media, as data: one place to read (and to change when Tavus's pages
 * change) every number the checks use, each with the page it comes from. docs/training-media.md
 * lists the same rules for users; /work/shared/tavus-api/parts/before-training.md is our notes.
 */

/** The pages the rules come from (the keys are the notes' legend). */
export const SOURCES = {
  /** Phoenix-3 video requirements: 1 min speaking + 1 min listening, one continuous shot. */
  P3V: 'https://docs.tavus.io/sections/faces/phoenix-3-video-requirements',
  /** Phoenix-4 "train with a video": 30 s + 30 s, record 1080p with a desktop app. */
  P4V: 'https://docs.tavus.io/sections/replica/train-with-a-video',
  /** The training error types (`download_link`, `file_size`, `video_format`, …) and their limits. */
  ESD: 'https://docs.tavus.io/sections/errors-and-status-details',
  /** Troubleshooting: H.264 for all uploads, under 750 MB, reduce to ~30 fps to shrink a file. */
  TS: 'https://docs.tavus.io/sections/troubleshooting',
  /** Create Face: a direct-download, publicly reachable URL. */
  CF: 'https://docs.tavus.io/api-reference/faces/create-face',
  /** Video quickstart: the URL must stay downloadable for at least 24 hours. */
  VQ: 'https://docs.tavus.io/sections/faces/video-to-face-quickstart',
  /** Image quickstart: the same 24 hours for an image URL. */
  IQ: 'https://docs.tavus.io/sections/faces/image-to-face-quickstart',
  /** Voices: video training clones a voice from the recording's audio. */
  VO: 'https://docs.tavus.io/sections/conversational-video-interface/voices',
  /** Phoenix-4 image requirements: JPG or PNG, at least 512 × 512. */
  P4I: 'https://docs.tavus.io/sections/faces/phoenix-4-image-requirements',
  /** Train with an image: at least 512 × 512 (replica-era page). */
  TWI: 'https://docs.tavus.io/sections/replica/train-with-an-image',
  /** Amazon S3 Signature Version 4 query-string authentication (`X-Amz-Date` + `X-Amz-Expires`). */
  S3V4: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html',
  /** Amazon S3 Signature Version 2 query-string authentication (`Expires`, Unix seconds). */
  S3V2: 'https://docs.aws.amazon.com/AmazonS3/latest/API/S3_Authentication2.html',
  /** Google Cloud Storage V4 signing (`X-Goog-Date` + `X-Goog-Expires`). */
  GCS4: 'https://cloud.google.com/storage/docs/access-control/signing-urls-manually',
  /** Google Cloud Storage V2 signing (`Expires`, Unix seconds). */
  GCS2: 'https://cloud.google.com/storage/docs/access-control/signed-urls-v2',
  /** Azure shared access signatures (`se`, ISO 8601 UTC). */
  AZ: 'https://learn.microsoft.com/en-us/training/modules/configure-storage-security/4-identify-uri-sas-parameters',
  /** CloudFront signed URL with a canned policy (`Expires`, Unix seconds). */
  CFC: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html',
  /** CloudFront signed URL with a custom policy (`Policy`, `DateLessThan`). */
  CFP: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html',
} as const;

/** The Phoenix models whose rules are known. */
export type TrainingModel = 'phoenix-3' | 'phoenix-4' | 'phoenix-4.5';

/** Create Face's default when `model_name` is not sent (CF). */
export const DEFAULT_MODEL: TrainingModel = 'phoenix-4';

/** Per-model rules. */
export interface ModelRules {
  /** Below this a training fails with `video_duration`. */
  minDurationS: number;
  /** Below this the model's recording structure is not met (a warning), if it asks for more than the minimum. */
  recommendedDurationS: number | null;
  /** Why these numbers. */
  durationSource: string;
  /** Whether the model trains from an image at all. */
  imageTraining: boolean;
}

export const MODELS: Record<TrainingModel, ModelRules> = {
  // P3V: "1 min speaking + 1 min listening", about two minutes; ESD (the error table, replica era):
  // "at least 1 minute, 1.5–2 minutes optimal". The error table is what Tavus rejects; the page's
  // structure is what it asks for, so below two minutes is a warning, below one an error.
  'phoenix-3': { minDurationS: 60, recommendedDurationS: 120, durationSource: SOURCES.P3V, imageTraining: false },
  // P4V: 30 s speaking + 30 s listening, "a 1-minute video"; ESD's one-minute minimum agrees.
  'phoenix-4': { minDurationS: 60, recommendedDurationS: null, durationSource: SOURCES.P4V, imageTraining: true },
  // P3V speaks of "the Phoenix-4 / Phoenix-4.5 30-second structure"; the 4.5 video page itself was not readable.
  'phoenix-4.5': { minDurationS: 60, recommendedDurationS: null, durationSource: SOURCES.P3V, imageTraining: true },
};

/** Rules for every model's training video. */
export const VIDEO = {
  /** ESD `file_size` and TS: "less than 750MB". Read as 750 × 10⁶ bytes, the stricter of MB and MiB. */
  maxBytes: 750_000_000,
  /** ESD `video_format`: "All Replica training and consent video files must be .mp4". */
  container: 'mp4',
  /** ESD `video_codec` and TS: H.264, "required for all uploads". */
  codec: 'h264',
  /**
   * TS suggests reducing to ~30 fps; ESD has a `video_fps` error whose limit is not readable, so more
   * than 30 fps is a warning. The margin lets 30 fps files whose timestamps round to 30.01 pass.
   */
  maxFps: 30.05,
  /** P4V: "record in 1080p" — a recommendation, so a warning below it (measured on the shorter side). */
  minShortSide: 1080,
} as const;

/** Rules for every model's training image (P4I; Phoenix-4.5's page did not say more, so the same apply). */
export const IMAGE = {
  /** P4I: "JPG or PNG". */
  formats: ['jpeg', 'png'],
  /** P4I and TWI: at least 512 × 512 pixels. */
  minSide: 512,
} as const;

/** Rules for training URLs. */
export const URL_RULES = {
  /** VQ / IQ: the file must stay downloadable for at least 24 hours after submission. */
  minLifetimeMs: 24 * 3600_000,
  /**
   * Clock skew allowed between this machine and the signer: a URL signed for exactly 24 h a minute
   * ago is what users send and what the rule means, so it passes (our notes, §6, "inferred").
   */
  clockSkewMs: 5 * 60_000,
} as const;

/** Bytes read at most from a server that ignores `Range` (it sends the whole file): enough for a moov at the start. */
export const PREFIX_BYTES = 4 * 1024 * 1024;

/** The smallest range requested at a time: one request covers a box header and usually the box. */
export const CHUNK_BYTES = 64 * 1024;

/** Bytes of an image's header read at most while looking for its dimensions (JPEG metadata can be long). */
export const IMAGE_HEADER_BYTES = 1024 * 1024;
