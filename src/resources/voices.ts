import { path, type RequestOptions } from '../core/http.js';
import { isJsonObject } from '../core/json-patch.js';
import type { PageParams, PagePromise } from '../core/pagination.js';
import type { JsonRecord, ResourceContext } from '../core/resource.js';
import { once } from '../schemas/common.js';
import { type Voice, voiceSchemas } from '../schemas/voice.js';
import { listVoicesQuery } from './voices.checks.js';

/** Parameters of {@link Voices.list}. */
export interface ListVoicesParams extends PageParams {
  /** Case-insensitive substring match on `voice_name`. */
  search?: string;
  /** Order by `voice_name`. @default 'asc' */
  sort?: 'asc' | 'desc';
  /** Only voices whose linked stock face has this tag (case-insensitive). */
  tag?: string;
}

/**
 * Voices (`tavus.voices`): the voices image training (`voice_name`, `default_voice_id`) and PALs
 * (`layers.tts.voice_id`) accept.
 */
export class Voices {
  readonly #ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** Lists voices (default page size 100). Await for the first page or iterate for all. */
  list(params?: ListVoicesParams, options?: RequestOptions): PagePromise<Voice> {
    return this.#ctx.list('/v2/voices', () => listVoicesQuery(params), { ...read(), options, key: voiceKey }, 100);
  }

  /** Reads one voice. */
  async get(voiceId: string, options?: RequestOptions): Promise<Voice> {
    return this.#ctx.get(path`/v2/voices/${voiceId}`, { options, ...read() });
  }
}

/** How voice answers are read; built on first use, like the schemas. */
const read = once(() => ({ schema: voiceSchemas().voice, normalise }));

/** Maps the replica-era item shape (`replica_id`, tags as `{ tag_name }`) onto the Voice shape. */
function normalise(item: JsonRecord, ctx: ResourceContext): void {
  ctx.renameLegacy(item, { replica_id: 'face_id' });
  if (Array.isArray(item.tags)) {
    // An own `tag_name` only: a tag is user data, and `{ "__proto__": … }` is a key like any other.
    item.tags = item.tags.map((tag) =>
      isJsonObject(tag) && Object.hasOwn(tag, 'tag_name') && typeof tag.tag_name === 'string' ? tag.tag_name : tag,
    );
  }
}

/** A voice's own id: pages compare their voices by it. */
const voiceKey = (voice: Voice): unknown => voice.voice_id;
