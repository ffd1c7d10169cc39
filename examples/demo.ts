/**
 * The main job of tavus-faces, end to end: list stock faces and voices, train a face from a video
 * with a live progress bar, give it a PAL, update the PAL, and clean up.
 *
 *   npm run demo                 # no TAVUS_API_KEY: runs on the in-process simulator (accelerated clock)
 *   npm run demo -- --live       # with TAVUS_API_KEY: really trains a face (paid, takes hours)
 *
 * With TAVUS_API_KEY set and no --live, it only reads (stock faces, voices) and says why.
 */
import { SingleBar } from 'cli-progress';
import { Tavus, type TrainingProgress } from '../src/index.js';
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
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  tavus: Tavus;
  mode: DemoSummary['mode'];
  trainVideoUrl: string;
  /** Poll interval of the training watch (the simulator's clock runs fast, so poll often there). */
  intervalMs: number;
  progress: ProgressSink;
  log: (line: string) => void;
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

  const started = Date.now();
  const { face, watch } = await tavus.faces.createAndWatch(
    { train_video_url: options.trainVideoUrl, face_name: 'tavus-faces demo' },
    { intervalMs: options.intervalMs },
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
  } finally {
    if (palId) await tavus.pals.delete(palId);
    await tavus.faces.delete(face.face_id);
    log(`Cleaned up: ${palId ? `PAL ${palId} and ` : ''}face ${face.face_id} deleted`);
  }
  return summary;
}

async function cli(): Promise<void> {
  const live = process.argv.includes('--live');
  const key = process.env.TAVUS_API_KEY?.trim();
  const log = (line: string) => console.log(line);
  const progress = process.stdout.isTTY ? terminalBar() : plainLines(log);
  let summary: DemoSummary;
  if (!key) {
    // 3.5 simulated hours of training in about six real seconds.
    const sim = createSimulator({ seed: 7, clock: { speed: 2_000 } });
    log('No TAVUS_API_KEY: running on the built-in Tavus simulator (tavus-faces/testing), clock ×2000.');
    const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
    summary = await runDemo({
      tavus,
      mode: 'simulator',
      trainVideoUrl: 'https://example.com/training/rio-1min.mp4',
      intervalMs: 100,
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
    });
  }
  const trained = summary.trainedInMs === undefined ? '' : `, trained in ${(summary.trainedInMs / 1000).toFixed(1)} s`;
  log(
    `\nSummary (${summary.mode}): ${summary.stockFaces} stock faces, ${summary.voices} voices` +
      (summary.faceId
        ? `, face ${summary.faceId}${trained}, PAL ${summary.palId}, ${summary.updates} patch(es), all cleaned up`
        : ''),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cli().catch((error: unknown) => {
    console.error(error instanceof Error ? `demo failed: ${error.message}` : error);
    process.exitCode = 1;
  });
}
