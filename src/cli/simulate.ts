/**
 * `--simulate`: a client on the in-process simulator, with a small demo account already in it, so
 * every command has something to show without a key. Each run starts from the same account (the
 * simulator is seeded), so the ids `faces list --simulate` prints work in the next run too.
 *
 * The simulator's manual clock drives the SDK's own waits: a training watch's 30 s pauses move
 * simulated time at once, so a 3.5 h training is watched to the end in about a second.
 *
 * @module
 * @internal
 */
import { Tavus } from '../index.node.js';

/** The documented example face id, trained, in every simulated account. @internal */
export const DEMO_FACE_ID = 'r90bbd427f71';

/** A client on a fresh simulator holding the demo account, and the simulator's `fetch`. @internal */
export async function simulatedAccount(): Promise<{ tavus: Tavus; fetch: typeof fetch }> {
  const { createSimulator } = await import('../testing/index.js');
  const sim = createSimulator({ seed: 'tavus-faces-cli' });
  const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
  const face = sim.addFace({ face_id: DEMO_FACE_ID, face_name: 'Rio (demo)', model_name: 'phoenix-4' });
  sim.addFace({ face_name: 'Ada (training)', model_name: 'phoenix-4', trained: false });
  sim.advance(45 * 60_000);
  const pal = await tavus.pals.create({
    pal_name: 'Demo Coach',
    system_prompt: 'You are a friendly running coach who keeps answers short.',
    default_face_id: face.face_id,
    layers: { tts: { tts_emotion_control: true } },
  });
  // An ended call with its transcript, for `conversations transcript`.
  const past = await tavus.conversations.create({
    face_id: face.face_id,
    pal_id: pal.pal_id,
    conversation_name: 'Demo call (ended)',
  });
  sim.joinConversation(past.conversation_id);
  await tavus.conversations.respond(past.conversation_id, 'How far should I run today?');
  await tavus.conversations.end(past.conversation_id);
  sim.advance(10_000);
  // And one still active, for `end`, `emotion` and `watch` (nobody joins: it ends after 300 s).
  await tavus.conversations.create({
    face_id: face.face_id,
    pal_id: pal.pal_id,
    conversation_name: 'Demo call (active)',
  });
  return { tavus, fetch: sim.fetch };
}
