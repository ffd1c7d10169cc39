/**
 * Quick start: train a face from a video, wait for it, and give it a PAL.
 *
 *   TAVUS_API_KEY=… TRAIN_VIDEO_URL=https://…/me.mp4 npx tsx examples/quickstart.ts
 */
import { Tavus, type WatchTrainingOptions } from '../src/index.js';

/** Trains a face and creates a PAL on it; resolves with both ids. */
export async function main(
  tavus: Tavus,
  trainVideoUrl = process.env.TRAIN_VIDEO_URL ?? '',
  watchOptions: WatchTrainingOptions = {},
): Promise<{ faceId: string; palId: string }> {
  // 30 s speaking then 30 s listening, at a direct-download URL that stays valid for 24 h.
  const { face_id } = await tavus.faces.create({ train_video_url: trainVideoUrl, face_name: 'Rio' });
  console.log(`training ${face_id}`);

  const watch = tavus.faces.watchTraining(face_id, { timeoutMs: 6 * 3_600_000, ...watchOptions });
  watch.on('progress', ({ percent }) => console.log(`${percent}%`));
  const face = await watch.done;

  const pal = await tavus.pals.create({
    pal_name: 'Rio',
    system_prompt: 'You are Rio, a friendly guide to our product.',
    default_face_id: face.face_id,
  });
  console.log(`PAL ${pal.pal_id} uses face ${face.face_id}`);
  return { faceId: face.face_id, palId: pal.pal_id };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
