/**
 * The main job of tavus-faces, end to end: list stock faces and voices, let the preflight catch a
 * bad training video before it costs a paid training (and show the training that skips it failing
 * hours later), train a face from a video with a live progress bar, give it a PAL, update the PAL, then the payoff: a conversation with the
 * fresh face and its PAL — its URL, the emotion set to happiness and back, the call ended, the
 * transcript — and clean up.
 *
 *   npm run demo                 # no TAVUS_API_KEY: runs on the in-process simulator
 *   npm run demo -- --live       # with TAVUS_API_KEY: really trains a face (paid, takes hours), then
 *                                # opens a real call and keeps it until you press Enter
 *
 * With TAVUS_API_KEY set and no --live, it only reads (stock faces, voices) and says why.
 */
import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { Tavus, type TrainingProgress, isTavusError } from '../src/index.js';
import { createSimulator } from '../src/testing/index.js';

/** How the demo reports progress: a live bar on a terminal, plain lines elsewhere (CI, pipes). */
export interface ProgressSink {
  update(progress: TrainingProgress): void;
  stop(): void;
}

/** What the demo did, for the summary (and for tests). */
export interface DemoSummary {
  mode: 'simulator' | 'live' | 'read-only';
  stockFaces: number;
  voices: number;
  faceId?: string;
  palId?: string;
  trainedInMs?: number;
  updates?: number;
  conversationId?: string;
  conversationUrl?: string;
  transcriptTurns?: number;
  /** The problem codes the preflight stopped the bad video with. */
  preflightCaught?: string[];
  /** What the training that skipped the preflight failed with, hours (simulated) later. */
  unpreflightedError?: string;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  tavus: Tavus;
  mode: DemoSummary['mode'];
  trainVideoUrl: string;
  /**
   * Poll interval of the watches. Leave it out on the simulator: its clock is simulated, so the
   * default 30 s (training) and 10 s (conversation) pass in no real time.
   */
  intervalMs?: number;
  /**
   * Live calls only: resolves when the user wants the call to end (the demo waits for Enter). A
   * call that ends by itself first (its `max_call_duration`) does not wait for it.
   */
  waitForEnd?: () => Promise<void>;
  progress: ProgressSink;
  log: (line: string) => void;
  /**
   * Simulator only: a training video Tavus would reject, and the `fetch` that reads it (the
   * simulator's, which serves the file): the demo shows the preflight catching it first.
   */
  badVideo?: { url: string; fetch: typeof globalThis.fetch };
}

/** A terminal bar from cli-progress, with the watcher's own ETA. */
export function terminalBar(): ProgressSink {
  const bar = new SingleBar({
    format: '  training |{bar}| {percentage}% | ETA {eta_text} | {status}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
  let started = false;
  return {
    update(p) {
      const payload = { eta_text: formatEta(p.etaMs), status: p.face.status };
      if (!started) {
        bar.start(100, p.percent, payload);
        started = true;
      } else {
        bar.update(p.percent, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Plain lines, one per 10 %, for output that is not a terminal. */
export function plainLines(log: (line: string) => void): ProgressSink {
  let lastDecile = -1;
  return {
    update(p) {
      const decile = Math.floor(p.percent / 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      log(`  training ${p.percent.toFixed(0).padStart(3)}% (${p.raw}), ETA ${formatEta(p.etaMs)}`);
    },
    stop() {},
  };
}

function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Runs the demo flow on the given client. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { tavus, log } = options;
  const summary: DemoSummary = { mode: options.mode, stockFaces: 0, voices: 0 };

  const stock = await tavus.stockFaces.list({ limit: 100 });
  summary.stockFaces = stock.total_count;
  const sample = stock.data.slice(0, 3).map((f) => `${f.face_name} (${f.model_name}, ${f.face_id})`);
  log(`Stock faces: ${stock.total_count}, e.g. ${sample.join(', ')}`);
  const voices = await tavus.voices.list({ sort: 'asc' });
  summary.voices = voices.total_count;
  log(
    `Voices: ${voices.total_count}, e.g. ${voices.data
      .slice(0, 5)
      .map((v) => v.voice_name)
      .join(', ')}`,
  );

  if (options.mode === 'read-only') {
    log('TAVUS_API_KEY is set: not creating paid resources (training a face costs money and takes hours).');
    log('Run `npm run demo -- --live` to train a face, make a PAL and clean up for real.');
    return summary;
  }

  if (options.badVideo) await preflightFirst(options, summary, options.badVideo);

  const started = Date.now();
  const { face, watch } = await tavus.faces.createAndWatch(
    { train_video_url: options.trainVideoUrl, face_name: 'tavus-faces demo' },
    options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs },
  );
  summary.faceId = face.face_id;
  log(`Training face ${face.face_id} from ${options.trainVideoUrl}`);
  let palId: string | undefined;
  try {
    watch.on('progress', (p) => options.progress.update(p));
    let trained: Awaited<typeof watch.done>;
    try {
      trained = await watch.done;
    } finally {
      options.progress.stop();
    }
    summary.trainedInMs = Date.now() - started;
    log(`Face ${trained.face_id} is ${trained.status} (${trained.training_progress})`);

    const pal = await tavus.pals.create({
      pal_name: 'Demo Coach',
      system_prompt: 'You are a friendly running coach.',
      default_face_id: trained.face_id,
      layers: { tts: { tts_emotion_control: true }, conversational_flow: { turn_taking_patience: 'medium' } },
    });
    palId = pal.pal_id;
    summary.palId = pal.pal_id;
    log(`Created PAL ${pal.pal_id} on face ${trained.face_id}`);

    let patches = 0;
    tavus.on('request', (e) => {
      if (e.method === 'PATCH' && e.attempt === 1) patches += 1;
    });
    const updated = await tavus.pals.update(pal.pal_id, {
      system_prompt: 'You are an upbeat running coach who keeps answers short.',
      layers: { conversational_flow: { turn_taking_patience: 'high' } },
    });
    summary.updates = patches;
    log(`Updated PAL ${updated.pal_id} with ${patches} JSON Patch request(s): "${updated.system_prompt}"`);

    await converse(options, summary, trained.face_id, pal.pal_id);
  } finally {
    if (palId) await tavus.pals.delete(palId);
    await tavus.faces.delete(face.face_id);
    log(`Cleaned up: ${palId ? `PAL ${palId} and ` : ''}face ${face.face_id} deleted`);
  }
  return summary;
}

/**
 * Before a paid training: the preflight reads the video's container metadata (a few ranges, not the
 * file) and refuses it; the same video sent without it fails only when the training ends.
 */
async function preflightFirst(
  options: DemoOptions,
  summary: DemoSummary,
  bad: NonNullable<DemoOptions['badVideo']>,
): Promise<void> {
  const { tavus, log } = options;
  const params = { train_video_url: bad.url, face_name: 'tavus-faces demo (bad video)' };
  try {
    await tavus.faces.create(params, { preflight: { fetch: bad.fetch } });
    throw new Error('the preflight let a bad video through');
  } catch (error) {
    if (!isTavusError(error, 'TrainingMediaError')) throw error;
    summary.preflightCaught = error.problems.map((p) => p.code);
    log(`Preflight stopped a paid training of ${bad.url}:`);
    for (const p of error.problems) log(`  ${p.code}: ${p.message}\n    fix: ${p.fix}`);
  }
  const { face, watch } = await tavus.faces.createAndWatch(
    params,
    options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs },
  );
  const failed = await watch.done.then(
    () => undefined,
    (error: unknown) => error,
  );
  await tavus.faces.delete(face.face_id);
  if (!isTavusError(failed, 'TrainingFailedError')) throw failed ?? new Error('the bad video trained');
  summary.unpreflightedError = failed.errorMessage ?? '';
  log(`Without the preflight, the same video trained for hours, then failed: ${failed.errorMessage}`);
}

/** The payoff: a call with the fresh face and its PAL, steered live, ended, and its transcript. */
async function converse(options: DemoOptions, summary: DemoSummary, faceId: string, palId: string): Promise<void> {
  const { tavus, log } = options;
  const call = await tavus.conversations.create({
    face_id: faceId,
    pal_id: palId,
    conversation_name: 'tavus-faces demo',
    // A safety net: however the demo ends, the call (and its billing) stops after five minutes.
    properties: { max_call_duration: 300, participant_left_timeout: 30 },
  });
  summary.conversationId = call.conversation_id;
  summary.conversationUrl = call.conversation_url ?? undefined;
  log(`Conversation ${call.conversation_id} is live: ${call.conversation_url}`);
  const watch = tavus.conversations.watch(call.conversation_id, {
    timeoutMs: 30 * 60_000,
    ...(options.intervalMs === undefined ? {} : { intervalMs: Math.min(options.intervalMs, 5_000) }),
  });
  let ended = false;
  const endedByItself = new Promise<void>((resolve) =>
    watch.once('ended', (c) => {
      ended = true;
      log(`The call ended: ${c.shutdownReason}`);
      resolve();
    }),
  );
  await tavus.conversations.setEmotion(call.conversation_id, 'happiness');
  log('Emotion: happiness');
  if (options.waitForEnd) await Promise.race([options.waitForEnd(), endedByItself]);
  if (!ended) {
    await tavus.conversations.setEmotion(call.conversation_id, 'neutral');
    log('Emotion: back to neutral');
    await tavus.conversations.end(call.conversation_id);
    log('Call ended');
  }
  const done = await watch.done;
  summary.transcriptTurns = done.transcript?.length ?? 0;
  log(`Transcript (${summary.transcriptTurns} turns):`);
  for (const turn of done.transcript ?? []) log(`  ${turn.role}: ${turn.content}`);
}

/**
 * A 20-second recording (the committed test fixture) behind a URL the simulator serves and knows to
 * be too short, so a training from it fails as Tavus's would.
 */
export async function badVideoOn(sim: ReturnType<typeof createSimulator>): Promise<DemoOptions['badVideo']> {
  const url = 'https://example.com/training/rio-20s.mp4';
  const bytes = new Uint8Array(await readFile(new URL('../test/fixtures/media/short-20s.mp4', import.meta.url)));
  sim.setMedia(url, { durationS: 20, bytes });
  return { url, fetch: sim.fetch };
}

async function cli(): Promise<void> {
  const live = process.argv.includes('--live');
  const key = process.env.TAVUS_API_KEY?.trim();
  const log = (line: string) => console.log(line);
  const progress = process.stdout.isTTY ? terminalBar() : plainLines(log);
  let summary: DemoSummary;
  if (!key) {
    // The manual clock: the watches' pauses move simulated time, so 3.5 hours of training and a
    // call pass in a few real seconds, with the watches' default intervals.
    const sim = createSimulator({ seed: 7 });
    log('No TAVUS_API_KEY: running on the built-in Tavus simulator (tavus-faces/testing), on simulated time.');
    const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
    summary = await runDemo({
      tavus,
      mode: 'simulator',
      trainVideoUrl: 'https://example.com/training/rio-1min.mp4',
      badVideo: await badVideoOn(sim),
      progress,
      log,
    });
    log(`Simulator saw ${sim.requests.length} requests.`);
  } else {
    const tavus = new Tavus({ apiKey: key });
    const trainVideoUrl = process.env.TRAIN_VIDEO_URL ?? '';
    if (live && !trainVideoUrl)
      throw new Error('--live needs TRAIN_VIDEO_URL: a public, direct-download training video');
    summary = await runDemo({
      tavus,
      mode: live ? 'live' : 'read-only',
      trainVideoUrl,
      intervalMs: 30_000,
      progress,
      log,
      waitForEnd: async () => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          await rl.question('Join the call above, then press Enter to end it… ');
        } finally {
          rl.close();
        }
      },
    });
  }
  const trained = summary.trainedInMs === undefined ? '' : `, trained in ${(summary.trainedInMs / 1000).toFixed(1)} s`;
  log(
    `\nSummary (${summary.mode}): ${summary.stockFaces} stock faces, ${summary.voices} voices` +
      (summary.preflightCaught ? `, preflight caught ${summary.preflightCaught.join(', ')}` : '') +
      (summary.faceId
        ? `, face ${summary.faceId}${trained}, PAL ${summary.palId}, ${summary.updates} patch(es)` +
          (summary.conversationId
            ? `, conversation ${summary.conversationId} (${summary.transcriptTurns} transcript turns)`
            : '') +
          ', face and PAL cleaned up'
        : ''),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cli().catch((error: unknown) => {
    console.error(error instanceof Error ? `demo failed: ${error.message}` : error);
    process.exitCode = 1;
  });
}
