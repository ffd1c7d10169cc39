import { describe, expectTypeOf, it } from 'vitest';
import {
  type CreatedPal,
  type CreatePalParams,
  type JsonPatchOperation,
  type LlmLayer,
  type Page,
  type PagePromise,
  type Pal,
  type PalLayers,
  type PalPatchOperation,
  Tavus,
  type TtsLayer,
  type UpdatePalChanges,
  type UsernameAvailability,
  diffToJsonPatch,
} from '../../src/index.js';

const tavus = new Tavus({ apiKey: 'k' });

describe('pals.create params', () => {
  it('accepts every documented field and layer', () => {
    const params: CreatePalParams = {
      pal_name: 'Coach',
      system_prompt: 'You coach runners.',
      pipeline_mode: 'full',
      context: 'Marathon season.',
      default_face_id: 'r90bbd427f71',
      document_ids: ['d1'],
      document_tags: ['faq'],
      objectives_id: 'o12345',
      guardrail_ids: ['g1'],
      guardrail_tags: ['safety'],
      layers: {
        llm: {
          model: 'tavus-glm-4.7',
          speculative_inference: true,
          tools: [
            {
              type: 'function',
              function: {
                name: 'get_weather',
                description: 'Weather in a city',
                parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              },
            },
          ],
          headers: { 'X-Team': 'a' },
          extra_body: { temperature: 0.7, top_p: 0.9 },
        },
        tts: {
          tts_engine: 'elevenlabs',
          voice_id: 'v0a1b2c3d4e5f',
          external_voice_id: 'ext',
          api_key: 'k',
          voice_settings: { speed: 1.1, stability: 0.5 },
          tts_emotion_control: true,
          tts_model_name: 'eleven_flash_v2_5',
          pronunciation_dictionary_id: 'pd_abc123def456',
        },
        stt: { stt_engine: 'tavus-auto', hotwords: 'Tavus, Phoenix' },
        perception: {
          perception_model: 'raven-1',
          visual_awareness_queries: ['Is the user smiling?'],
          visual_tool_prompt: 'Use tools when an ID is shown.',
          visual_tools: [],
          audio_awareness_queries: ['Is there background noise?'],
          audio_tool_prompt: 'p',
          audio_tools: [],
          perception_analysis_queries: ['Was the user engaged?'],
        },
        conversational_flow: {
          turn_detection_model: 'sparrow-1',
          turn_taking_patience: 'high',
          pal_interruptibility: 'low',
          turn_commitment: 'medium',
          voice_isolation: 'near',
          wake_phrase: 'hey coach',
          sleep_phrase: 'thanks coach',
          idle_engagement: 'patient',
        },
        conferencing: { username: 'acme-coach' },
        transport: { transport_type: 'livekit' },
      },
    };
    expectTypeOf(tavus.pals.create(params)).toEqualTypeOf<Promise<CreatedPal>>();
    // Your own model: any model name, with its endpoint and key.
    expectTypeOf<{ model: 'my-llama'; base_url: string; api_key: string }>().toExtend<LlmLayer>();
  });

  it('requires default_face_id, and system_prompt unless pipeline_mode is echo', () => {
    // @ts-expect-error default_face_id is required on /v2/pals
    void tavus.pals.create({ system_prompt: 'x' });
    // @ts-expect-error system_prompt is required in full mode
    void tavus.pals.create({ default_face_id: 'r1' });
    // @ts-expect-error … and when pipeline_mode is 'full' explicitly
    void tavus.pals.create({ default_face_id: 'r1', pipeline_mode: 'full' });
    void tavus.pals.create({ default_face_id: 'r1', pipeline_mode: 'echo' });
    // @ts-expect-error only 'full' and 'echo' exist
    void tavus.pals.create({ default_face_id: 'r1', system_prompt: 'x', pipeline_mode: 'fast' });
  });

  it('does not offer retired or persona-era fields', () => {
    // @ts-expect-error persona_name is the persona-era name of pal_name
    void tavus.pals.create({ default_face_id: 'r1', system_prompt: 'x', persona_name: 'A' });
    // @ts-expect-error default_replica_id is the persona-era name of default_face_id
    void tavus.pals.create({ default_replica_id: 'r1', system_prompt: 'x' });
    // @ts-expect-error guardrails_id (legacy guardrail sets) is not offered
    void tavus.pals.create({ default_face_id: 'r1', system_prompt: 'x', guardrails_id: 'g1' });
    // @ts-expect-error smart_turn_detection is retired (see conversational_flow)
    const stt: PalLayers['stt'] = { smart_turn_detection: true };
    // @ts-expect-error participant_pause_sensitivity is retired
    const stt2: PalLayers['stt'] = { participant_pause_sensitivity: 'low' };
    // @ts-expect-error replica_interruptibility is the persona-era name of pal_interruptibility
    const flow: PalLayers['conversational_flow'] = { replica_interruptibility: 'low' };
    // @ts-expect-error perception_tool_prompt is the raven-0 name of visual_tool_prompt
    const perception: PalLayers['perception'] = { perception_tool_prompt: 'x' };
    void [stt, stt2, flow, perception];
  });

  it('types layer values', () => {
    // @ts-expect-error tts_emotion_control is a boolean in what we send
    const tts: TtsLayer = { tts_emotion_control: 'true' };
    // @ts-expect-error patience is low / medium / high
    const flow: PalLayers['conversational_flow'] = { turn_taking_patience: 'slow' };
    // @ts-expect-error a function tool's parameters are an object schema
    const llm: LlmLayer = { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'string' } } }] };
    void [tts, flow, llm];
  });
});

describe('PAL responses', () => {
  it('types every layer, keeping unknown fields', async () => {
    const pal = await tavus.pals.get('p1');
    expectTypeOf(pal).toEqualTypeOf<Pal>();
    expectTypeOf(pal.pal_id).toEqualTypeOf<string>();
    expectTypeOf(pal.layers?.llm?.model).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(pal.layers?.tts?.tts_emotion_control).toEqualTypeOf<boolean | 'true' | 'false' | null | undefined>();
    expectTypeOf(pal.layers?.llm?.tools?.[0]?.function.name).toEqualTypeOf<string | undefined>();
    expectTypeOf(pal.layers?.conversational_flow?.pal_interruptibility).toExtend<string | null | undefined>();
    expectTypeOf(pal.layers?.llm?.some_future_field).toEqualTypeOf<unknown>();
    // A legacy guardrail set comes back typed, though create does not offer it.
    expectTypeOf(pal.guardrails_id).toEqualTypeOf<string | null | undefined>();
  });

  it('returns the documented shapes', () => {
    expectTypeOf(tavus.pals.list({ pal_type: 'system', limit: 10 })).toEqualTypeOf<PagePromise<Pal>>();
    expectTypeOf(tavus.pals.list()).resolves.toEqualTypeOf<Page<Pal>>();
    expectTypeOf(tavus.pals.delete('p1')).toEqualTypeOf<Promise<void>>();
    expectTypeOf(tavus.pals.checkUsername('anna')).toEqualTypeOf<Promise<UsernameAvailability>>();
    expectTypeOf(tavus.pals.publish('p1')).resolves.toHaveProperty('status');
    // @ts-expect-error pal_type is user or system
    void tavus.pals.list({ pal_type: 'stock' });
  });
});

describe('JSON Patch operations', () => {
  it('accepts the six RFC 6902 operations', () => {
    const ops: PalPatchOperation[] = [
      { op: 'add', path: '/layers/tts/tts_emotion_control', value: 'true' },
      { op: 'remove', path: '/layers/stt/hotwords' },
      { op: 'replace', path: '/system_prompt', value: 'x' },
      { op: 'move', from: '/context', path: '/layers/llm/extra_body/context' },
      { op: 'copy', from: '/pal_name', path: '/context' },
      { op: 'test', path: '/layers/llm/model', value: 'tavus-gpt-oss' },
      { op: 'add', path: '/layers/llm/headers/X-Trace~1Id', value: 'any pointer is accepted' },
    ];
    expectTypeOf(tavus.pals.patch('p1', ops)).toEqualTypeOf<Promise<Pal>>();
    expectTypeOf(tavus.pals.patch('p1', ops, { force: true }, { timeoutMs: 1000 })).toEqualTypeOf<Promise<Pal>>();
    expectTypeOf(diffToJsonPatch({}, {})).toEqualTypeOf<JsonPatchOperation[]>();
    // A computed diff can be sent as is (e.g. behind a `test` guard).
    void tavus.pals.patch('p1', [{ op: 'test', path: '/pal_name', value: 'A' }, ...diffToJsonPatch({}, { a: 1 })]);
  });

  it('rejects malformed operations', () => {
    // @ts-expect-error move needs from
    const move: JsonPatchOperation = { op: 'move', path: '/a' };
    // @ts-expect-error copy needs from
    const copy: JsonPatchOperation = { op: 'copy', path: '/a' };
    // @ts-expect-error add needs a value
    const add: JsonPatchOperation = { op: 'add', path: '/a' };
    // @ts-expect-error test needs a value
    const test: JsonPatchOperation = { op: 'test', path: '/a' };
    // @ts-expect-error remove takes no value
    const remove: JsonPatchOperation = { op: 'remove', path: '/a', value: 1 };
    // @ts-expect-error not an RFC 6902 operation
    const merge: JsonPatchOperation = { op: 'merge', path: '/a', value: 1 };
    void [move, copy, add, test, remove, merge];
    // @ts-expect-error force is a boolean
    void tavus.pals.patch('p1', [], { force: 'yes' });
  });
});

describe('pals.update', () => {
  it('takes a merge patch: nested partial layers, null removes', () => {
    const changes: UpdatePalChanges = {
      system_prompt: 'New',
      context: null,
      document_tags: ['a'],
      layers: {
        llm: { model: 'tavus-glm-4.7', extra_body: { temperature: null } },
        stt: { hotwords: null },
        perception: null,
      },
    };
    expectTypeOf(tavus.pals.update('p1', changes)).toEqualTypeOf<Promise<Pal>>();
    void tavus.pals.update('p1', { pal_name: 'x' }, { force: true, signal: AbortSignal.timeout(1000) });
    // @ts-expect-error retired fields are not offered in updates either
    void tavus.pals.update('p1', { layers: { stt: { smart_turn_detection: false } } });
    // @ts-expect-error arrays replace whole: no per-item partials
    void tavus.pals.update('p1', { document_tags: [null] });
  });
});
