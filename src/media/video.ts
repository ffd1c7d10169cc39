/**
 * Training video facts through mediabunny: an `Input` over a {@link ByteReader}, so MP4/MOV/WebM/MKV
 * metadata is parsed from the few ranges it needs (the moov box wherever it is, the EBML header and
 * tracks), never the whole file. Then the rules of rules.ts turn the facts into problems.
 */
import { CustomSource, Input, MATROSKA, MP4, QTFF, WEBM } from 'mediabunny';
import { ffmpegInput, reencode } from './fix.js';
import { MODELS, type ModelRules, SOURCES, VIDEO } from './rules.js';
import { type ByteReader, OutOfReach } from './source.js';
import type { TrainingMediaProblem, TrainingMediaProblemCode, TrainingVideoReport } from './types.js';

/** The facts of a video report. */
export type VideoFacts = Pick<
  TrainingVideoReport,
  'container' | 'videoCodec' | 'audioCodec' | 'durationS' | 'width' | 'height' | 'fps' | 'hasAudio'
>;

/** Frames looked at for the frame rate: a few seconds' worth (metadata only: MP4 sample tables, WebM block headers). */
const FPS_FRAMES = 120;

/** What reading the container found, and what it could not read (a read out of reach). */
export interface VideoRead {
  facts: VideoFacts;
  /** Set when a read was out of reach: the facts still null could not be checked. */
  outOfReach: string | null;
  /** Set when the bytes are no container mediabunny knows. */
  unreadable: string | null;
  /** Whether the file has a video track (null when the tracks could not be read). */
  hasVideo: boolean | null;
}

const CONTAINERS = new Map<unknown, VideoFacts['container']>([
  [MP4, 'mp4'],
  [QTFF, 'mov'],
  [WEBM, 'webm'],
  [MATROSKA, 'mkv'],
]);

/** The facts of a video nothing could be read of: every one unknown. */
export function unknownVideoFacts(): VideoFacts {
  return {
    container: null,
    videoCodec: null,
    audioCodec: null,
    durationS: null,
    width: null,
    height: null,
    fps: null,
    hasAudio: null,
  };
}

/** Reads the container metadata of a video. */
export async function readVideo(reader: ByteReader, signal: AbortSignal | undefined): Promise<VideoRead> {
  const facts = unknownVideoFacts();
  let outOfReach: string | null = null;
  let hasVideo: boolean | null = null;
  // mediabunny needs a size; a prefix of unknown total length is read as if it were the whole file.
  const size = reader.size ?? reader.extent;
  const source = new CustomSource({
    getSize: () => size,
    read: (start, end) => {
      if (signal?.aborted) throw signal.reason;
      return reader.read(start, end);
    },
    // Swallowed here because every read's error also reaches the awaited call that caused it.
    handleUnhandledError: () => {},
  });
  const input = new Input({ source, formats: [MP4, QTFF, WEBM, MATROSKA] });
  const abort = () => input.dispose();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const format = await input.getFormat().catch((error: unknown) => {
      if (error instanceof OutOfReach) throw error;
      return null;
    });
    if (!format) return { facts, outOfReach, hasVideo, unreadable: 'not an MP4, MOV, WebM or Matroska file' };
    facts.container = CONTAINERS.get(format) ?? null;
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    hasVideo = video !== null;
    facts.hasAudio = audio !== null;
    facts.audioCodec = audio ? ((await audio.getCodec()) ?? 'unknown') : null;
    if (video) {
      const codec = await video.getCodec();
      facts.videoCodec = codec === 'avc' ? 'h264' : (codec ?? 'unknown');
      facts.width = await video.getDisplayWidth();
      facts.height = await video.getDisplayHeight();
    }
    facts.durationS = (await input.getDurationFromMetadata()) ?? (await input.computeDuration());
    if (video) {
      const rate = await video.computeFrameRateMetrics({ targetPacketCount: FPS_FRAMES });
      facts.fps =
        Number.isFinite(rate.bestGuessFrameRate) && rate.bestGuessFrameRate > 0 ? rate.bestGuessFrameRate : null;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (!(error instanceof OutOfReach)) {
      // A file whose header reads but whose tables do not: as broken to Tavus as one that does not read.
      return { facts, outOfReach, hasVideo, unreadable: `mediabunny could not read it (${(error as Error).message})` };
    }
    outOfReach = error.message;
  } finally {
    signal?.removeEventListener('abort', abort);
    input.dispose();
  }
  return { facts, outOfReach, hasVideo, unreadable: null };
}

/** The video rules applied to the facts read; `unchecked` collects the rules whose facts are missing. */
export function videoProblems(
  read: VideoRead,
  model: { name: string; rules: ModelRules },
  sizeBytes: number | null,
  name: string | null,
  unchecked: Set<TrainingMediaProblemCode>,
): TrainingMediaProblem[] {
  const { facts } = read;
  const out: TrainingMediaProblem[] = [];
  const input = ffmpegInput(name, 'mp4');
  const output = 'training.mp4';
  // ESD `file_size` / TS: under 750 MB.
  if (sizeBytes === null) unchecked.add('file_size');
  else if (sizeBytes >= VIDEO.maxBytes) {
    out.push({
      code: 'file_size',
      severity: 'error',
      message: `the file is ${(sizeBytes / 1e6).toFixed(0)} MB; Tavus takes less than 750 MB`,
      fix: `Re-encode to fit: \`${reencode(input, output, facts.durationS)}\` (30 fps and a bitrate that fits the limit).`,
      source: SOURCES.ESD,
    });
  }
  if (read.unreadable) {
    out.push({
      code: 'video_format',
      severity: 'error',
      message: `the file is ${read.unreadable}; Tavus takes .mp4 (H.264)`,
      fix: `Export or convert it to an H.264 .mp4: \`${reencode(input, output, null)}\`.`,
      source: SOURCES.ESD,
    });
    return out;
  }
  const missing = (codes: TrainingMediaProblemCode[]) => {
    for (const code of codes) unchecked.add(code);
  };

  // ESD `video_format` (.mp4 only), `video_codec` (H.264), `video_codec_and_format` (both wrong).
  const wrongFormat = facts.container !== null && facts.container !== VIDEO.container;
  const wrongCodec = facts.videoCodec !== null && facts.videoCodec !== VIDEO.codec;
  if (facts.container === null) missing(['video_format']);
  if (read.hasVideo === false) {
    out.push({
      code: 'video_format',
      severity: 'error',
      message: `the ${facts.container} file has no video track`,
      fix: 'Upload the recording itself, with its picture and sound.',
      source: SOURCES.ESD,
    });
  } else if (facts.videoCodec === null) missing(['video_codec']);
  if (wrongFormat && wrongCodec) {
    out.push({
      code: 'video_codec_and_format',
      severity: 'error',
      message: `the video is ${facts.videoCodec} in ${facts.container}; Tavus takes H.264 in .mp4`,
      fix: `Re-encode: \`${reencode(input, output, null)}\`.`,
      source: SOURCES.ESD,
    });
  } else if (wrongFormat) {
    out.push({
      code: 'video_format',
      severity: 'error',
      message: `the container is ${facts.container}; Tavus takes .mp4`,
      fix:
        facts.videoCodec === VIDEO.codec && (facts.audioCodec === null || facts.audioCodec === 'aac')
          ? `Copy the streams into an .mp4, no re-encode: \`ffmpeg -i ${input} -c copy -movflags +faststart ${output}\`.`
          : `Re-encode: \`${reencode(input, output, null)}\`.`,
      source: SOURCES.ESD,
    });
  } else if (wrongCodec) {
    out.push({
      code: 'video_codec',
      severity: 'error',
      message: `the video codec is ${facts.videoCodec}; Tavus takes H.264`,
      fix: `Re-encode to H.264: \`${reencode(input, output, null)}\`.`,
      source: SOURCES.ESD,
    });
  }

  // VO: video training clones the face's voice from the recording's audio; the speaking half needs it.
  if (facts.hasAudio === null) missing(['audio_missing']);
  else if (!facts.hasAudio) {
    out.push({
      code: 'audio_missing',
      severity: 'error',
      message: 'the video has no audio track; video training clones the voice from it and needs the speaking part',
      fix: `Record with the microphone on, or add the recording's sound: \`ffmpeg -i ${input} -i voice.wav -map 0:v -map 1:a -c:v copy -c:a aac -shortest ${output}\`.`,
      source: SOURCES.VO,
    });
  }

  // ESD `video_duration` and the model's page (MODELS): the minimum is an error, the structure a warning.
  const { minDurationS, recommendedDurationS, durationSource } = model.rules;
  if (facts.durationS === null) missing(['video_duration']);
  else if (facts.durationS < minDurationS) {
    out.push({
      code: 'video_duration',
      severity: 'error',
      message: `the video is ${facts.durationS.toFixed(1)} s long; ${model.name} needs at least ${minDurationS} s`,
      fix: durationFix(model.name, recommendedDurationS ?? minDurationS),
      source: SOURCES.ESD,
    });
  } else if (recommendedDurationS !== null && facts.durationS < recommendedDurationS) {
    out.push({
      code: 'video_duration',
      severity: 'warning',
      message: `the video is ${facts.durationS.toFixed(1)} s long; ${model.name} asks for about ${recommendedDurationS} s (1 min speaking, 1 min listening)`,
      fix: durationFix(model.name, recommendedDurationS),
      source: durationSource,
    });
  }

  // TS: "reduce to ~30 fps"; the `video_fps` limit itself is not documented, hence a warning.
  if (facts.fps === null) {
    if (facts.videoCodec !== null || read.outOfReach) missing(['video_fps']);
  } else if (facts.fps > VIDEO.maxFps) {
    out.push({
      code: 'video_fps',
      severity: 'warning',
      message: `the video runs at ${facts.fps.toFixed(2)} fps; Tavus suggests ~30 fps (its \`video_fps\` limit is not documented)`,
      fix: `Re-encode at 30 fps: \`${reencode(input, output, facts.durationS)}\`.`,
      source: SOURCES.TS,
    });
  }

  // P4V: record in 1080p. The shorter side, so portrait 1080 × 1920 passes.
  if (facts.width === null || facts.height === null) {
    if (facts.videoCodec !== null || read.outOfReach) missing(['video_resolution']);
  } else if (Math.min(facts.width, facts.height) < VIDEO.minShortSide) {
    out.push({
      code: 'video_resolution',
      severity: 'warning',
      message: `the video is ${facts.width} × ${facts.height}; Tavus asks for 1080p`,
      fix: 'Record in 1080p with a desktop recording app, not a browser; upscaling a smaller video adds no detail.',
      source: SOURCES.P4V,
    });
  }
  return out;
}

function durationFix(model: string, seconds: number): string {
  return model === 'phoenix-3'
    ? `Record about ${seconds} s in one continuous shot: 1 min speaking naturally, then 1 min listening, still.`
    : `Record at least ${seconds} s in one shot: 30 s speaking naturally, then 30 s listening with minimal movement.`;
}

/** The rules of a model name; an unknown name gets the default model's rules (and the caller warns). */
export function modelRules(name: string): ModelRules | undefined {
  return (MODELS as Record<string, ModelRules | undefined>)[name];
}
