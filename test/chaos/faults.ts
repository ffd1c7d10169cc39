/**
 * The hostile answers the chaos suite's node:http server serves besides dropped sockets and hangs:
 * bodies nested 100,000 levels deep, built-in-named keys (`__proto__`, `constructor`, …), secrets
 * used as object keys and echoed in headers, and list pages that repeat for ever. Pure builders:
 * the suite decides when to serve them (from its seeded PRNG) and checks what the SDK made of them.
 */
import type { OutgoingHttpHeaders } from 'node:http';

/** How deep a "deep body" is nested, as in issue 14: `'{"a":'.repeat(100000) + '1' + '}'.repeat(100000)`. */
export const DEEP = 100_000;
/** A deep error body that still fits under the SDK's 64 KiB error-body cap, so it is parsed and kept. */
export const DEEP_UNDER_CAP = 10_000;

const deepCache = new Map<string, string>();

/** JSON text nested `depth` levels deep: `{"a":{"a":…1…}}` or `[[[…]]]` (built once per shape). */
export function deepJson(shape: 'object' | 'array', depth: number): string {
  const key = `${shape}:${depth}`;
  let text = deepCache.get(key);
  if (text === undefined) {
    text = shape === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
    deepCache.set(key, text);
  }
  return text;
}

const PLACEHOLDER = '@@chaos-deep-value@@';

/** Which field of a face / PAL / voice a deep value is put in. */
export type DeepField = 'known-string' | 'unknown' | 'layer';

/**
 * `body` (a parsed JSON answer) with a 100k-deep value in one field of its resource: the first list
 * item or PAL envelope item, else the body itself. A face gets it in `face_name` or an unknown
 * field; a PAL in `system_prompt`, an unknown field, or as its `layers.llm` (a loose object whose
 * unknown members the schema keeps). Returns `undefined` when `body` holds no such resource.
 */
export function withDeepField(body: unknown, field: DeepField): { text: string; where: string } | undefined {
  if (!isRecord(body)) return undefined;
  const items = Array.isArray(body.data) ? body.data : undefined;
  const target = items ? items[0] : body;
  if (!isRecord(target)) return undefined;
  let where: string;
  if (typeof target.pal_id === 'string' || typeof target.persona_id === 'string') {
    if (field === 'layer') {
      target.layers = { ...(isRecord(target.layers) ? target.layers : {}), llm: PLACEHOLDER };
      where = 'layers.llm';
    } else {
      where = field === 'known-string' ? 'system_prompt' : 'chaos_extra';
      target[where] = PLACEHOLDER;
    }
  } else if (typeof target.face_id === 'string' || typeof target.voice_id === 'string') {
    where =
      field === 'unknown' || field === 'layer'
        ? 'chaos_extra'
        : typeof target.face_id === 'string'
          ? 'face_name'
          : 'voice_name';
    target[where] = PLACEHOLDER;
  } else {
    return undefined;
  }
  const text = JSON.stringify(body).replace(JSON.stringify(PLACEHOLDER), deepJson('object', DEEP));
  return { text, where: `${items ? 'data[0].' : ''}${where}` };
}

/**
 * Member names that are built-ins on every object, with values a careless merge or lookup would
 * trip over: a `__proto__` object (pollution by assignment), `constructor.prototype` (pollution by
 * deep merge), non-function `toString` / `hasOwnProperty` / `valueOf`. Parsed from JSON, so every
 * one of them is an own data property (an object literal would set the prototype instead).
 */
const BUILTIN_MEMBERS_JSON =
  '{"constructor":{"prototype":{"polluted":"constructor.prototype"}},"__proto__":{"polluted":"__proto__"},' +
  '"toString":"not a function","hasOwnProperty":1,"valueOf":null,"isPrototypeOf":{"polluted":"isPrototypeOf"}}';

function addBuiltins(target: Record<string, unknown>): void {
  const members = JSON.parse(BUILTIN_MEMBERS_JSON) as Record<string, unknown>;
  for (const name of Object.keys(members)) {
    Object.defineProperty(target, name, {
      value: members[name],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/**
 * JSON text of `body` with built-in-named members added to the envelope, to every list item, and
 * to each item's `layers` (a PAL's `layers.llm` / `layers.tts` too). `undefined` when `body` is not
 * an object.
 */
export function withBuiltinKeys(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const items = Array.isArray(body.data) ? body.data.filter(isRecord) : [body];
  for (const item of items) {
    addBuiltins(item);
    if (isRecord(item.layers)) {
      addBuiltins(item.layers);
      for (const layer of ['llm', 'tts']) {
        const value = item.layers[layer];
        if (isRecord(value)) addBuiltins(value);
      }
    }
  }
  if (items[0] !== body) addBuiltins(body);
  return JSON.stringify(body);
}

/**
 * Response headers of an error that echoes the request's secrets: the API key as `x-api-key`, inside
 * other header values (`x-request-id`, `www-authenticate`, a debug dump) and inside a header *name*;
 * each provider key the request carried likewise; and `set-cookie` session cookies.
 */
export function echoedHeaders(apiKey: string, providerKeys: readonly string[], cookie: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'x-api-key': apiKey,
    'x-request-id': `req_${apiKey}`,
    'www-authenticate': `ApiKey realm="tavus", key="${apiKey}"`,
    'x-echoed-request-headers': `accept=application/json; x-api-key=${apiKey}`,
    [`x-seen-${apiKey}`]: '1',
    'set-cookie': [`tavus_session=${cookie}; Path=/; HttpOnly; Secure`, `last_key=${apiKey}; Path=/`],
  };
  providerKeys.forEach((key, i) => {
    headers[`x-provider-key-${i}`] = key;
    headers[`x-echo-${key}`] = 'provider';
    headers['x-debug'] = `${String(headers['x-debug'] ?? '')} layers.api_key=${key}`.trim();
  });
  return headers;
}

/**
 * An error body that uses the secrets as object keys (and embeds them in keys), at several depths,
 * next to an `error` message that names the key, and built-in-named members.
 */
export function keyNamedBody(apiKey: string, providerKeys: readonly string[]): string {
  const record = (entries: [string, unknown][]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
    return out;
  };
  const provider = providerKeys.map((key): [string, unknown] => [key, record([[apiKey, { llm: key }]])]);
  const body = record([
    ['error', `Invalid request for key ${apiKey}`],
    [apiKey, 'top-level'],
    [
      'details',
      record([
        [apiKey, 1],
        [`x-api-key=${apiKey}`, 'echo'],
        ['nested', [record([[`sk:${apiKey}`, record(provider)]])]],
        ...provider,
      ]),
    ],
    [
      'request',
      record([
        ['headers', record([['x-api-key', apiKey]])],
        ['keys', record(provider)],
      ]),
    ],
  ]);
  // Built-in names beside them: reading `error` or `conflict` must not trip over these either.
  addBuiltins(body);
  return JSON.stringify(body);
}

/** What a list's repeating page is made of: the id field and a valid stand-in item. */
export function listShape(
  pathname: string,
  stockFaceId: string,
): { idKey: string; prefix: string; stand: Record<string, unknown> } | undefined {
  const at = '2025-01-01T00:00:00.000Z';
  if (pathname === '/v2/faces') {
    return {
      idKey: 'face_id',
      prefix: 'r',
      stand: { face_name: 'repeat', status: 'completed', training_progress: '100/100', model_name: 'phoenix-4' },
    };
  }
  if (pathname === '/v2/pals') {
    return {
      idKey: 'pal_id',
      prefix: 'p',
      stand: { pal_name: 'repeat', system_prompt: 'Repeat.', default_face_id: stockFaceId, layers: {}, created_at: at },
    };
  }
  if (pathname === '/v2/voices') {
    return { idKey: 'voice_id', prefix: 'v', stand: { voice_name: 'repeat', status: 'completed', tags: [] } };
  }
  return undefined;
}

/**
 * A full page (`limit` items with fresh ids, modelled on the real page's items when it had any)
 * whose `total_count` is absurd (1e9) or missing: served again and again, it never ends a list.
 */
export function repeatingPage(
  realItems: unknown[],
  limit: number,
  shape: NonNullable<ReturnType<typeof listShape>>,
  serial: number,
  total: 'huge' | 'missing',
): string {
  const templates = realItems.filter(isRecord);
  const data = Array.from({ length: limit }, (_, k) => ({
    ...(templates.length > 0 ? templates[k % templates.length] : shape.stand),
    [shape.idKey]: `${shape.prefix}rep${serial}x${k}`,
  }));
  return JSON.stringify(total === 'huge' ? { data, total_count: 1e9 } : { data });
}

/** Depth of a JSON-like value, measured without recursion (so a 100k-deep value cannot overflow it). */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [item, depth] = entry;
    if (item === null || typeof item !== 'object') continue;
    max = Math.max(max, depth + 1);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return max;
}

/** A snapshot of the built-in prototypes (every own member, by identity), to prove no response polluted them. */
export function prototypeSnapshot(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, proto] of [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
  ] as const) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key) ?? {};
      if ('value' in d) out.set(`${name}.${String(key)}`, d.value);
      else {
        out.set(`${name}.${String(key)} get`, d.get);
        out.set(`${name}.${String(key)} set`, d.set);
      }
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What changed between two {@link prototypeSnapshot}s: members added, removed or replaced. */
export function prototypeChanges(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) if (!before.has(key) || before.get(key) !== value) changes.push(key);
  for (const key of before.keys()) if (!after.has(key)) changes.push(`-${key}`);
  return changes;
}
