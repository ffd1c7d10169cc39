import { describe, expectTypeOf, it } from 'vitest';
import {
  type AppMessage,
  type Conversation,
  type ConversationCallback,
  type ConversationEvent,
  type ConversationWatch,
  type PagePromise,
  type PhoenixEmotion,
  Tavus,
  type TranscriptTurn,
  parseConversationCallback,
} from '../../src/index.js';

const tavus = new Tavus({ apiKey: 'k' });

describe('conversations types', () => {
  it('create takes a face, a PAL or both, never neither', () => {
    expectTypeOf(tavus.conversations.create({ face_id: 'r1' })).resolves.toEqualTypeOf<Conversation>();
    tavus.conversations.create({ pal_id: 'p1', properties: { max_call_duration: 60, enable_recording: true } });
    tavus.conversations.create({
      face_id: 'r1',
      pal_id: 'p1',
      properties: {
        recording_storage: { provider: 's3', bucket_name: 'b', bucket_region: 'r', assume_role_arn: 'arn' },
      },
    });
    // @ts-expect-error neither face nor PAL
    tavus.conversations.create({ conversation_name: 'x' });
    // @ts-expect-error a storage missing its provider's fields
    tavus.conversations.create({ face_id: 'r1', properties: { recording_storage: { provider: 'gcs' } } });
  });

  it('list is a PagePromise of conversations; watch returns a ConversationWatch', () => {
    expectTypeOf(tavus.conversations.list({ status: 'ended' })).toEqualTypeOf<PagePromise<Conversation>>();
    expectTypeOf(tavus.conversations.watch('c1')).toEqualTypeOf<ConversationWatch>();
    expectTypeOf(tavus.conversations.watch('c1').done).resolves.toEqualTypeOf<Conversation>();
  });

  it('derived fields are typed', () => {
    expectTypeOf<Conversation['transcript']>().toEqualTypeOf<TranscriptTurn[] | null>();
    expectTypeOf<Conversation['shutdownReason']>().toEqualTypeOf<string | null>();
  });

  it('events narrow on event_type', () => {
    const event = {} as ConversationEvent;
    if (event.event_type === 'application.transcription_ready') {
      expectTypeOf(event.properties?.transcript).toEqualTypeOf<TranscriptTurn[] | undefined>();
    }
    if (event.event_type === 'system.shutdown') {
      expectTypeOf(event.properties?.reason).toEqualTypeOf<string | undefined>();
    }
    const callback: ConversationCallback = parseConversationCallback({});
    expectTypeOf(callback.conversation_id).toEqualTypeOf<string>();
  });

  it('app messages are the documented interactions; emotions are the Phoenix list', () => {
    expectTypeOf(tavus.conversations.setEmotion('c1', 'happiness')).resolves.toBeVoid();
    // @ts-expect-error not a Phoenix emotion
    tavus.conversations.setEmotion('c1', 'happy');
    expectTypeOf<'neutral'>().toExtend<PhoenixEmotion>();
    const respond: AppMessage = {
      message_type: 'conversation',
      event_type: 'conversation.respond',
      properties: { text: 'hi' },
    };
    tavus.conversations.sendAppMessage('c1', respond);
    tavus.conversations.sendAppMessage('c1', {
      message_type: 'conversation',
      event_type: 'conversation.sensitivity',
      properties: { participant_pause_sensitivity: 'low' },
    });
    tavus.conversations.sendAppMessage('c1', {
      message_type: 'conversation',
      event_type: 'conversation.sensitivity',
      // @ts-expect-error one sensitivity per message
      properties: { participant_pause_sensitivity: 'low', participant_interrupt_sensitivity: 'low' },
    });
    // @ts-expect-error respond needs its text
    tavus.conversations.sendAppMessage('c1', { message_type: 'conversation', event_type: 'conversation.respond' });
  });
});
