/**
 * Put a face to work: start a conversation, steer it while it runs (what the face says, what the
 * PAL knows, the face's emotion), end it, and read what happened — the events and the transcript.
 *
 *   TAVUS_API_KEY=… FACE_ID=r… npx tsx examples/conversations.ts     # a real call (billed)
 *   npx tsx examples/conversations.ts                                  # on the simulator
 */
import { type Conversation, Tavus, isTavusError, parseConversationCallback } from '../src/index.js';
import { createSimulator } from '../src/testing/index.js';

/** What the example did, for the caller (and its test). */
export interface ConversationsResult {
  conversation: Conversation;
  events: string[];
}

/** Runs a short call with `faceId` and prints its transcript. */
export async function main(tavus: Tavus, faceId: string): Promise<ConversationsResult> {
  const call = await tavus.conversations.create({
    face_id: faceId,
    conversation_name: 'tavus-faces example',
    custom_greeting: 'Hi! Give me a second to get ready.',
    // A safety net: the call ends by itself after two minutes, or 30 s after everyone left.
    properties: { max_call_duration: 120, participant_left_timeout: 30 },
  });
  console.log(`Join the call: ${call.conversation_url}`);

  // Watch it from the start: each event once, and the transcript at the end.
  const watch = tavus.conversations.watch(call.conversation_id, { timeoutMs: 10 * 60_000 });
  const events: string[] = [];
  watch.on('event', (event) => events.push(event.event_type));
  watch.on('ended', (c) => console.log(`ended: ${c.shutdownReason}`));

  // Live control, without joining the call. Messages sent before the face joins are queued.
  const id = call.conversation_id;
  await tavus.conversations.setEmotion(id, 'happiness');
  await tavus.conversations.echo(id, 'Welcome! I am the face you trained.');
  await tavus.conversations.sendAppMessage(id, {
    message_type: 'conversation',
    event_type: 'conversation.append_llm_context',
    properties: { context: 'The visitor is testing the tavus-faces SDK.' },
  });
  await tavus.conversations.respond(id, 'What can you help me with?');
  await tavus.conversations.setEmotion(id, 'neutral');
  try {
    // A typo is caught before any request, with the valid names in the message.
    await tavus.conversations.setEmotion(id, 'happy' as never);
  } catch (error) {
    if (isTavusError(error, 'RequestValidationError')) console.log(`refused: ${error.message}`);
  }

  await tavus.conversations.end(id);
  const conversation = await watch.done;
  for (const turn of conversation.transcript ?? []) console.log(`  ${turn.role}: ${turn.content}`);
  console.log(`events: ${events.join(', ')}`);
  return { conversation, events };
}

/** A `callback_url` endpoint: parse what Tavus POSTs (legacy names are mapped) and act on it. */
export function onCallback(body: unknown): string {
  const callback = parseConversationCallback(body);
  switch (callback.event_type) {
    case 'system.shutdown':
      return `${callback.conversation_id} ended: ${callback.properties?.shutdown_reason}`;
    case 'application.transcription_ready':
      return `${callback.conversation_id}: ${callback.properties?.transcript.length} turns`;
    default:
      return `${callback.conversation_id}: ${callback.event_type}`;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const key = process.env.TAVUS_API_KEY;
  let run: Promise<unknown>;
  if (key) {
    run = main(new Tavus({ apiKey: key }), process.env.FACE_ID ?? '');
  } else {
    // The manual clock: the watch's pauses move simulated time, so this ends in milliseconds.
    const sim = createSimulator();
    console.log('No TAVUS_API_KEY: running on the simulator (tavus-faces/testing).');
    run = main(new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch }), sim.addFace({ face_name: 'Rio' }).face_id);
  }
  run.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
