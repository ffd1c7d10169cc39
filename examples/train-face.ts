/**
 * Trains a face from a video and prints its progress until it is usable.
 *
 *   TAVUS_API_KEY=… TRAIN_VIDEO_URL=https://…/rio.mp4 npx tsx examples/train-face.ts
 *
 * Set RESUME_HANDLE to the JSON printed on Ctrl-C to pick a watch up again in a new process.
 */
import { Tavus, type TrainingWatch, isTavusError } from '../src/index.js';

/** Creates (or resumes) a training and reports its progress; resolves with the trained face id. */
export async function main(tavus: Tavus, env: Record<string, string | undefined> = process.env): Promise<string> {
  let watch: TrainingWatch;
  if (env.RESUME_HANDLE) {
    watch = tavus.faces.resumeWatch(JSON.parse(env.RESUME_HANDLE));
    console.log(`Resuming the watch of ${watch.faceId}`);
  } else {
    const trainVideoUrl = env.TRAIN_VIDEO_URL;
    if (!trainVideoUrl) throw new Error('Set TRAIN_VIDEO_URL to a public, direct-download training video');
    const created = await tavus.faces.createAndWatch(
      { train_video_url: trainVideoUrl, face_name: env.FACE_NAME ?? 'Example face' },
      {
        timeoutMs: 6 * 3_600_000,
        until: env.UNTIL === 'tuned' ? 'tuned' : 'usable',
        // Real training takes hours: the default 30 s poll is right. Simulators run faster.
        ...(env.POLL_INTERVAL_MS ? { intervalMs: Number(env.POLL_INTERVAL_MS) } : {}),
      },
    );
    watch = created.watch;
    console.log(`Training face ${created.face.face_id}`);
  }

  watch.on('status', ({ from, to }) => console.log(`status: ${from ?? '—'} → ${to}`));
  watch.on('progress', ({ percent, etaMs }) => {
    const eta = etaMs === null ? 'estimating…' : `~${Math.ceil(etaMs / 60_000)} min left`;
    console.log(`progress: ${percent.toFixed(0)}% (${eta})`);
  });
  watch.on('finetune', ({ to }) => console.log(`fine-tuning: ${to ?? 'pending'}`));
  watch.on('retry', ({ attempt, delayMs, error }) =>
    console.warn(`poll failed (${error.message}); attempt ${attempt} in ${Math.round(delayMs / 1000)} s`),
  );
  watch.on('warning', ({ message }) => console.warn(message));

  // Ctrl-C: print a handle to resume this watch later, then stop it so the process can exit.
  const onSigint = () => {
    console.log(`\nRESUME_HANDLE='${JSON.stringify(watch)}'`);
    watch.stop();
  };
  process.once('SIGINT', onSigint);
  try {
    const face = await watch.done;
    console.log(`Face ${face.face_id} is ready (${face.model_name ?? 'unknown model'}).`);
    return face.face_id;
  } catch (error) {
    if (isTavusError(error, 'TrainingFailedError'))
      console.error(`Training failed: ${error.errorMessage ?? 'no reason given'}`);
    else if (isTavusError(error, 'TrainingTimeoutError')) console.error('Training took longer than allowed.');
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    if (!isTavusError(error, 'APIUserAbortError')) console.error(error);
    process.exitCode = 1;
  });
}
