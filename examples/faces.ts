/**
 * Your own faces: list them, read one with verbose fields, rename it, change its voice, delete it.
 *
 *   TAVUS_API_KEY=… FACE_ID=r… npx tsx examples/faces.ts
 */
import { Tavus, isTavusError } from '../src/index.js';

/** Walks the account's faces, then renames (and optionally deletes) one. */
export async function main(tavus: Tavus, faceId = process.env.FACE_ID ?? '', remove = false): Promise<string[]> {
  const names: string[] = [];
  // Every page, stopping exactly at total_count; toArray would refuse more than `max`.
  for await (const face of tavus.faces.list({ limit: 50 })) {
    names.push(`${face.face_name ?? '(unnamed)'} [${face.status} ${face.progress ?? '?'}%]`);
  }
  console.log(`${names.length} faces:\n  ${names.join('\n  ')}`);

  try {
    const face = await tavus.faces.get(faceId, { verbose: true });
    console.log(`${face.face_id}: ${face.face_type} face on ${face.model_name}, voice ${face.default_voice_id}`);
    await tavus.faces.rename(face.face_id, `${face.face_name ?? 'Face'} (renamed)`);
    if (face.original_voice_id) {
      // Set the default voice back to the one the face was trained with.
      await tavus.faces.update(face.face_id, { default_voice_id: face.original_voice_id });
    }
    if (remove) await tavus.faces.delete(face.face_id, { hard: true });
  } catch (error) {
    // Unknown ids are a 400 on Tavus, not a 404.
    if (isTavusError(error, 'BadRequestError') && error.serverMessage === 'Invalid face_id') {
      console.error(`No face ${faceId} in this account`);
    }
    throw error;
  }
  return names;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
