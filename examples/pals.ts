/**
 * PALs end to end: create a PAL with typed layers, change it with a merge patch (`update`), make a
 * guarded JSON Patch (`patch` with a `test` first), check a conferencing username, list, delete.
 *
 * Run: `TAVUS_API_KEY=… npx tsx examples/pals.ts` (optionally `TAVUS_FACE_ID=r…`; otherwise the
 * first stock face is used).
 */
import { Tavus, isTavusError } from '../src/index.js';

export async function main(tavus: Tavus): Promise<void> {
  tavus.on('warning', (w) => console.warn(`[${w.kind}] ${w.message}`));

  const faceId = process.env.TAVUS_FACE_ID || (await tavus.stockFaces.list({ limit: 1 })).data[0]?.face_id;
  if (!faceId) throw new Error('No face to use: set TAVUS_FACE_ID');

  const created = await tavus.pals.create({
    pal_name: 'Running Coach',
    system_prompt: 'You are an upbeat running coach. Keep answers short.',
    default_face_id: faceId,
    layers: {
      llm: {
        model: 'tavus-glm-4.7',
        tools: [
          {
            type: 'function',
            function: {
              name: 'log_run',
              description: 'Record a run the user describes',
              parameters: {
                type: 'object',
                properties: { km: { type: 'number', description: 'Distance in kilometres' } },
                required: ['km'],
              },
            },
          },
        ],
      },
      tts: { tts_emotion_control: true },
      perception: { perception_model: 'raven-1', visual_awareness_queries: ['Is the user wearing running gear?'] },
      conversational_flow: { turn_detection_model: 'sparrow-1', pal_interruptibility: 'medium' },
    },
  });
  console.log(`created ${created.pal_id}`);

  try {
    // A merge patch: read, diff, and one minimal JSON Patch sent; `null` removes.
    const updated = await tavus.pals.update(created.pal_id, {
      system_prompt: 'You are a calm, encouraging running coach.',
      layers: { conversational_flow: { turn_taking_patience: 'high' }, perception: { visual_awareness_queries: null } },
    });
    console.log(`prompt now: ${updated.system_prompt}`);

    // A guarded change: applied only if nobody changed the model since we read it.
    const model = updated.layers?.llm?.model;
    if (typeof model === 'string') {
      await tavus.pals.patch(created.pal_id, [
        { op: 'test', path: '/layers/llm/model', value: model },
        { op: 'add', path: '/layers/stt', value: { hotwords: 'tempo, fartlek, negative split' } },
      ]);
    }

    const { available, reason } = await tavus.pals.checkUsername('running-coach');
    console.log(available ? 'username free' : `username taken: ${reason ?? 'no reason given'}`);

    let count = 0;
    for await (const pal of tavus.pals.list({ pal_type: 'user', limit: 20 })) {
      if (pal.pal_id === created.pal_id) console.log(`listed ${pal.pal_name ?? pal.pal_id}`);
      count += 1;
    }
    console.log(`${count} PALs in the account`);
  } catch (error) {
    if (isTavusError(error, 'ConflictError') && error.conflict === 'maker_changes') {
      console.error('PAL Maker holds a draft of this PAL; publish it or retry with { force: true }.');
    }
    throw error;
  } finally {
    await tavus.pals.delete(created.pal_id);
    console.log(`deleted ${created.pal_id}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
