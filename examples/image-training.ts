/**
 * Train a face from a single image plus a stock voice (Phoenix-4 or 4.5; not phoenix-3).
 *
 *   TAVUS_API_KEY=… TRAIN_IMAGE_URL=https://…/ana.png npx tsx examples/image-training.ts
 */
import { Tavus, type WatchTrainingOptions, isTavusError } from '../src/index.js';

/** Picks a stock voice, trains from an image, waits until the face is usable. */
export async function main(
  tavus: Tavus,
  trainImageUrl = process.env.TRAIN_IMAGE_URL ?? '',
  watchOptions: WatchTrainingOptions = {},
): Promise<string> {
  // Stock voice slugs (e.g. "anna") are what `voice_name` accepts.
  const voices = await tavus.voices.list({ search: 'ann', limit: 10 });
  const voice = voices.data[0];
  if (!voice) throw new Error('no stock voice matched');
  console.log(`voice: ${voice.voice_name}`);

  try {
    const { face, watch } = await tavus.faces.createAndWatch(
      {
        train_image_url: trainImageUrl,
        voice_name: voice.voice_name,
        model_name: 'phoenix-4.5',
        auto_fix_training_image: true,
      },
      // Phoenix-4.5: `usable` resolves at the watermarked preview (minutes); `tuned` waits hours.
      { until: 'usable', ...watchOptions },
    );
    watch.on('status', ({ from, to }) => console.log(`${face.face_id}: ${from ?? 'new'} → ${to}`));
    const ready = await watch.done;
    console.log(`${ready.face_id} usable (fine-tune: ${ready.finetune_status ?? 'pending'})`);
    return ready.face_id;
  } catch (error) {
    if (isTavusError(error, 'RequestValidationError')) console.error(`fix ${error.field}: ${error.message}`);
    if (isTavusError(error, 'TrainingFailedError')) console.error(`training failed: ${error.errorMessage}`);
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
