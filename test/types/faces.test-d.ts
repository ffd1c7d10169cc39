import { describe, expectTypeOf, it } from 'vitest';
import {
  type CreatedFace,
  type Face,
  type FaceStatus,
  type Page,
  type PagePromise,
  type RateLimitError,
  Tavus,
  type UpdatedFace,
  type Voice,
  isTavusError,
} from '../../src/index.js';

const tavus = new Tavus({ apiKey: 'k' });

describe('faces types', () => {
  it('create takes a video, or an image with exactly one voice', () => {
    expectTypeOf(tavus.faces.create({ train_video_url: 'https://a/v.mp4' })).resolves.toEqualTypeOf<CreatedFace>();
    tavus.faces.create({ train_image_url: 'https://a/i.png', voice_name: 'anna', model_name: 'phoenix-4.5' });
    tavus.faces.create({ train_image_url: 'https://a/i.png', default_voice_id: 'v1', auto_fix_training_image: true });
    // @ts-expect-error video and image together
    tavus.faces.create({ train_video_url: 'https://a/v.mp4', train_image_url: 'https://a/i.png', voice_name: 'anna' });
    // @ts-expect-error image without a voice
    tavus.faces.create({ train_image_url: 'https://a/i.png' });
    // @ts-expect-error image with both voices
    tavus.faces.create({ train_image_url: 'https://a/i.png', voice_name: 'anna', default_voice_id: 'v1' });
    // @ts-expect-error image training on phoenix-3
    tavus.faces.create({ train_image_url: 'https://a/i.png', voice_name: 'anna', model_name: 'phoenix-3' });
    // @ts-expect-error neither video nor image
    tavus.faces.create({ face_name: 'Rio' });
    // @ts-expect-error auto-fix applies to images only
    tavus.faces.create({ train_video_url: 'https://a/v.mp4', auto_fix_training_image: true });
  });

  it('faces carry wire fields and the derived progress', () => {
    expectTypeOf<Face['face_id']>().toEqualTypeOf<string>();
    expectTypeOf<Face['progress']>().toEqualTypeOf<number | null>();
    expectTypeOf<Face['status']>().toEqualTypeOf<FaceStatus>();
    expectTypeOf<'completed'>().toExtend<FaceStatus>();
    expectTypeOf<Face['training_progress']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Face['default_voice_id']>().toEqualTypeOf<string | null | undefined>();
  });

  it('list is awaitable for a page and iterable for items', async () => {
    const list = tavus.faces.list({ limit: 50 });
    expectTypeOf(list).toEqualTypeOf<PagePromise<Face>>();
    expectTypeOf(await list).toEqualTypeOf<Page<Face>>();
    expectTypeOf((await list).data).toEqualTypeOf<Face[]>();
    for await (const face of list) expectTypeOf(face).toEqualTypeOf<Face>();
    expectTypeOf(tavus.stockFaces.list()).toEqualTypeOf<PagePromise<Face>>();
    expectTypeOf(tavus.voices.list({ sort: 'asc' })).toEqualTypeOf<PagePromise<Voice>>();
    // @ts-expect-error sort is asc | desc
    tavus.voices.list({ sort: 'up' });
    // @ts-expect-error update takes only face_name and default_voice_id
    tavus.faces.update('r1', { status: 'completed' });
    // @ts-expect-error update needs at least one field
    tavus.faces.update('r1', {});
    tavus.faces.update('r1', { default_voice_id: 'v1' });
  });

  it('every read and write resolves with its own type', () => {
    expectTypeOf(tavus.faces.get('r1')).toEqualTypeOf<Promise<Face>>();
    expectTypeOf(tavus.faces.get('r1', { verbose: true }, { signal: AbortSignal.timeout(1) })).toEqualTypeOf<
      Promise<Face>
    >();
    expectTypeOf(tavus.faces.update('r1', { face_name: 'Rio' })).toEqualTypeOf<Promise<UpdatedFace>>();
    expectTypeOf(tavus.faces.rename('r1', 'Rio')).toEqualTypeOf<Promise<UpdatedFace>>();
    expectTypeOf(tavus.faces.delete('r1', { hard: true })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(tavus.stockFaces.get('rc9cff32ceba')).toEqualTypeOf<Promise<Face>>();
    expectTypeOf(tavus.voices.get('v1')).toEqualTypeOf<Promise<Voice>>();
    expectTypeOf(tavus.voices.list({ search: 'an', tag: 'female', limit: 10 })).toEqualTypeOf<PagePromise<Voice>>();
    // @ts-expect-error voices.get takes no params object before the options
    tavus.voices.get('v1', { verbose: true }, {});
    // @ts-expect-error the resource's internals are private
    tavus.faces.ctx;
  });

  it('isTavusError narrows by kind', () => {
    const e: unknown = null;
    if (isTavusError(e, 'RateLimitError')) expectTypeOf(e).toEqualTypeOf<RateLimitError>();
    // @ts-expect-error unknown kind
    isTavusError(e, 'NopeError');
  });

  it('events are typed', () => {
    tavus.on('retry', (event) => {
      expectTypeOf(event.delayMs).toEqualTypeOf<number>();
      expectTypeOf(event.attempt).toEqualTypeOf<number>();
    });
    tavus.on('warning', (event) =>
      expectTypeOf(event.kind).toEqualTypeOf<'validation' | 'deprecation' | 'preflight'>(),
    );
    // @ts-expect-error no such event
    tavus.on('nope', () => {});
  });
});
