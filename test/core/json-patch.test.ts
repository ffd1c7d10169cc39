import { describe, expect, it } from 'vitest';
import {
  applyMergePatch,
  diffToJsonPatch,
  escapePointer,
  formatPointer,
  type JsonPatchOperation,
  jsonEqual,
  parsePointer,
  RequestValidationError,
  unescapePointer,
  validateJsonPatch,
} from '../../src/index.js';

/** A minimal RFC 6902 applier (add / remove / replace on objects and arrays), to check diffs round-trip. */
function applyPatch(doc: unknown, ops: JsonPatchOperation[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    const tokens = parsePointer(op.path);
    if (tokens.length === 0) {
      if (op.op === 'remove') root = undefined;
      else if (op.op === 'add' || op.op === 'replace') root = structuredClone(op.value);
      continue;
    }
    let parent = root as Record<string, unknown>;
    for (const token of tokens.slice(0, -1)) parent = parent[token] as Record<string, unknown>;
    const last = tokens.at(-1) as string;
    if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`remove: ${op.path} does not exist`);
      delete parent[last];
    } else if (op.op === 'replace') {
      if (!(last in parent)) throw new Error(`replace: ${op.path} does not exist`);
      parent[last] = structuredClone(op.value);
    } else if (op.op === 'add') {
      parent[last] = structuredClone(op.value);
    } else {
      throw new Error(`unsupported op ${op.op}`);
    }
  }
  return root;
}

function rejection(fn: () => unknown): RequestValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return error as RequestValidationError;
  }
  throw new Error('expected a RequestValidationError');
}

describe('JSON Pointer (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1, in that order', () => {
    expect(escapePointer('a/b')).toBe('a~1b');
    expect(escapePointer('m~n')).toBe('m~0n');
    // "~1" literally: the ~ is escaped first, so it cannot be read back as "/".
    expect(escapePointer('~1')).toBe('~01');
    expect(escapePointer(3)).toBe('3');
  });

  it('unescapes ~1 before ~0, so ~01 is "~1" and not "/"', () => {
    expect(unescapePointer('a~1b')).toBe('a/b');
    expect(unescapePointer('m~0n')).toBe('m~n');
    expect(unescapePointer('~01')).toBe('~1');
  });

  it('parses the RFC 6901 §5 examples', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/foo')).toEqual(['foo']);
    expect(parsePointer('/foo/0')).toEqual(['foo', '0']);
    expect(parsePointer('/')).toEqual(['']);
    expect(parsePointer('/a~1b')).toEqual(['a/b']);
    expect(parsePointer('/c%d')).toEqual(['c%d']);
    expect(parsePointer('/m~0n')).toEqual(['m~n']);
    expect(parsePointer('/ ')).toEqual([' ']);
  });

  it('round-trips tokens through formatPointer and parsePointer', () => {
    const tokens = ['layers', 'llm', 'headers', 'X-Trace/Id~v2', '', '0'];
    const pointer = formatPointer(tokens);
    expect(pointer).toBe('/layers/llm/headers/X-Trace~1Id~0v2//0');
    expect(parsePointer(pointer)).toEqual(tokens);
  });

  it('rejects pointers that are not RFC 6901', () => {
    expect(rejection(() => parsePointer('layers/llm')).message).toMatch(/start with "\/"/);
    expect(rejection(() => parsePointer('/a~2b')).message).toMatch(/~0.*~1/);
    expect(rejection(() => parsePointer('/a~')).field).toBe('path');
    expect(rejection(() => parsePointer(42 as unknown as string)).message).toMatch(/number/);
  });
});

describe('validateJsonPatch (RFC 6902)', () => {
  it('accepts each of the six operations and keeps only the members the RFC defines', () => {
    const ops = validateJsonPatch([
      { op: 'add', path: '/a', value: { b: [1, null, 'x'] } },
      { op: 'remove', path: '/a/b', value: 'ignored' } as unknown as JsonPatchOperation,
      { op: 'replace', path: '/c', value: 'true' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'copy', from: '/d', path: '/e' },
      { op: 'test', path: '/e', value: null },
      { op: 'add', path: '/list/-', value: 1, comment: 'extra members are dropped' } as JsonPatchOperation,
    ]);
    expect(ops).toEqual([
      { op: 'add', path: '/a', value: { b: [1, null, 'x'] } },
      { op: 'remove', path: '/a/b' },
      { op: 'replace', path: '/c', value: 'true' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'copy', from: '/d', path: '/e' },
      { op: 'test', path: '/e', value: null },
      { op: 'add', path: '/list/-', value: 1 },
    ]);
  });

  it('names the failing member of the failing operation', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ops: 'nope' }, 'operations', /array/],
      [[null], 'operations[0]', /object/],
      [[{ op: 'merge', path: '/a' }], 'operations[0].op', /add, remove, replace, move, copy, test/],
      [[{ op: 'add', path: 'a', value: 1 }], 'operations[0].path', /start with/],
      [
        [
          { op: 'remove', path: '/ok' },
          { op: 'add', path: '/a' },
        ],
        'operations[1].value',
        /needs a value/,
      ],
      [[{ op: 'replace', path: '/a', value: undefined }], 'operations[0].value', /needs a value/],
      [[{ op: 'test', path: '/a' }], 'operations[0].value', /needs a value/],
      [[{ op: 'move', path: '/a' }], 'operations[0].from', /needs a "from"/],
      [[{ op: 'copy', from: 'x', path: '/a' }], 'operations[0].from', /start with/],
      [[{ op: 'move', from: '/a', path: '/a/b' }], 'operations[0].from', /its own children/],
      [[{ op: 'add', path: '/a', value: Number.NaN }], 'operations[0].value', /finite/],
      [[{ op: 'add', path: '/a', value: { n: 1n } }], 'operations[0].value', /bigint/],
    ];
    for (const [input, field, message] of cases) {
      const error = rejection(() => validateJsonPatch(input));
      expect(
        error.field,
        JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? 'bigint' : v)),
      ).toBe(field);
      expect(error.message).toMatch(message);
    }
  });

  it('allows moving a value to a sibling or a parent (only "into its own child" is forbidden)', () => {
    expect(validateJsonPatch([{ op: 'move', from: '/a/b', path: '/a' }])).toHaveLength(1);
    expect(validateJsonPatch([{ op: 'move', from: '/a', path: '/ab' }])).toHaveLength(1);
  });

  it('never puts a value in its error message', () => {
    const error = rejection(() =>
      validateJsonPatch([{ op: 'add', path: '/layers/llm', value: { api_key: 'sk-live-SECRET', bad: () => 1 } }]),
    );
    expect(error.field).toBe('operations[0].value');
    expect(JSON.stringify(error.toJSON())).not.toContain('sk-live-SECRET');
    expect(error.message).not.toContain('sk-live-SECRET');
  });
});

describe('applyMergePatch (RFC 7386)', () => {
  // RFC 7386 Appendix A, every case.
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j merged with %j is %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('leaves its inputs untouched and ignores undefined members', () => {
    const target = { a: { b: 1 }, list: [1] };
    const patch = { a: { c: 2 }, list: [2], skip: undefined };
    const merged = applyMergePatch(target, patch);
    expect(merged).toEqual({ a: { b: 1, c: 2 }, list: [2] });
    expect(target).toEqual({ a: { b: 1 }, list: [1] });
    (merged as { list: number[] }).list.push(3);
    expect(patch.list).toEqual([2]);
  });
});

describe('diffToJsonPatch', () => {
  const current = {
    pal_id: 'p1',
    system_prompt: 'old',
    document_tags: ['a', 'b'],
    layers: {
      llm: { model: 'tavus-gpt-oss', headers: { 'X-Trace/Id': '1' } },
      stt: { hotwords: 'Tavus' },
    },
  };

  it('returns no operation when nothing changed (key order and undefined members do not count)', () => {
    const same = {
      layers: { stt: { hotwords: 'Tavus' }, llm: { headers: { 'X-Trace/Id': '1' }, model: 'tavus-gpt-oss' } },
      document_tags: ['a', 'b'],
      system_prompt: 'old',
      pal_id: 'p1',
      extra: undefined,
    };
    expect(diffToJsonPatch(current, same)).toEqual([]);
    expect(jsonEqual(current, same)).toBe(true);
  });

  it('descends into nested objects: replace, add and remove at the deepest changed member', () => {
    const target = {
      pal_id: 'p1',
      system_prompt: 'new',
      document_tags: ['a', 'b'],
      layers: {
        llm: { model: 'tavus-glm-4.7', headers: { 'X-Trace/Id': '1' }, speculative_inference: true },
        stt: {},
        tts: { tts_emotion_control: true },
      },
    };
    const ops = diffToJsonPatch(current, target);
    expect(ops).toEqual([
      { op: 'replace', path: '/system_prompt', value: 'new' },
      { op: 'replace', path: '/layers/llm/model', value: 'tavus-glm-4.7' },
      { op: 'add', path: '/layers/llm/speculative_inference', value: true },
      { op: 'remove', path: '/layers/stt/hotwords' },
      { op: 'add', path: '/layers/tts', value: { tts_emotion_control: true } },
    ]);
    expect(applyPatch(current, ops)).toEqual(target);
  });

  it('replaces a changed array whole, never item by item', () => {
    const ops = diffToJsonPatch({ tags: ['a', 'b', 'c'] }, { tags: ['a', 'c'] });
    expect(ops).toEqual([{ op: 'replace', path: '/tags', value: ['a', 'c'] }]);
    expect(diffToJsonPatch({ tools: [{ a: 1 }] }, { tools: [{ a: 1 }] })).toEqual([]);
  });

  it('removes members, and replaces an object with a scalar (or the reverse) in one operation', () => {
    const ops = diffToJsonPatch({ a: 1, b: { c: 1 }, d: 'x' }, { b: 'flat', d: { e: 1 } });
    expect(ops).toEqual([
      { op: 'remove', path: '/a' },
      { op: 'replace', path: '/b', value: 'flat' },
      { op: 'replace', path: '/d', value: { e: 1 } },
    ]);
  });

  it('escapes member names in the paths it builds', () => {
    const ops = diffToJsonPatch({ h: { 'a/b': 1, 'm~n': 1 } }, { h: { 'a/b': 2, 'm~n': 2 } });
    expect(ops.map((op) => op.path)).toEqual(['/h/a~1b', '/h/m~0n']);
  });

  it('treats null as a value (replace), not as absence', () => {
    expect(diffToJsonPatch({ wake_phrase: 'hey' }, { wake_phrase: null })).toEqual([
      { op: 'replace', path: '/wake_phrase', value: null },
    ]);
  });

  it('diffs a sub-document under basePath, and an absent side becomes one add or remove', () => {
    expect(diffToJsonPatch({ username: 'a' }, { username: 'b' }, '/layers/conferencing')).toEqual([
      { op: 'replace', path: '/layers/conferencing/username', value: 'b' },
    ]);
    expect(diffToJsonPatch(undefined, { username: 'b' }, '/layers/conferencing')).toEqual([
      { op: 'add', path: '/layers/conferencing', value: { username: 'b' } },
    ]);
    expect(diffToJsonPatch({ username: 'a' }, undefined, '/layers/conferencing')).toEqual([
      { op: 'remove', path: '/layers/conferencing' },
    ]);
    expect(diffToJsonPatch(undefined, undefined)).toEqual([]);
  });

  it('copies values, so later edits of the target do not change the patch', () => {
    const target = { list: [1] };
    const ops = diffToJsonPatch({}, target);
    target.list.push(2);
    expect(ops).toEqual([{ op: 'add', path: '/list', value: [1] }]);
  });

  it('is the patch that turns the current document into the merged one', () => {
    const changes = {
      system_prompt: 'new',
      document_tags: ['z'],
      layers: { llm: { model: null }, stt: null, tts: { voice_id: 'v1' } },
    };
    const merged = applyMergePatch(current, changes);
    expect(applyPatch(current, diffToJsonPatch(current, merged))).toEqual(merged);
  });
});

describe('member names like built-ins (constructor, toString, __proto__, hasOwnProperty)', () => {
  const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;

  it('applyMergePatch sets, merges and removes them as own members, never touching a prototype', () => {
    const merged = applyMergePatch(
      parse('{"toString":"a","hasOwnProperty":{"x":1}}'),
      parse('{"__proto__":{"polluted":true},"constructor":"c","toString":null,"hasOwnProperty":{"y":2}}'),
    ) as Record<string, unknown>;
    expect(JSON.stringify(merged)).toBe(
      '{"hasOwnProperty":{"x":1,"y":2},"__proto__":{"polluted":true},"constructor":"c"}',
    );
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A null for a member the target lacks removes nothing, even when an object inherits that name.
    expect(JSON.stringify(applyMergePatch({}, parse('{"constructor":null,"__proto__":null}')))).toBe('{}');
  });

  it('diffToJsonPatch adds, replaces and removes them like any other member', () => {
    expect(diffToJsonPatch({}, parse('{"constructor":1,"__proto__":2}'))).toEqual([
      { op: 'add', path: '/constructor', value: 1 },
      { op: 'add', path: '/__proto__', value: 2 },
    ]);
    expect(diffToJsonPatch(parse('{"toString":1,"__proto__":{"a":1}}'), parse('{"__proto__":{"a":2}}'))).toEqual([
      { op: 'remove', path: '/toString' },
      { op: 'replace', path: '/__proto__/a', value: 2 },
    ]);
    const added = diffToJsonPatch({}, { h: parse('{"__proto__":{"b":1}}') });
    expect(JSON.stringify(added)).toBe('[{"op":"add","path":"/h","value":{"__proto__":{"b":1}}}]');
  });

  it('jsonEqual compares own members only', () => {
    expect(jsonEqual({ constructor: 1 }, {})).toBe(false);
    expect(jsonEqual({}, { constructor: 1 })).toBe(false);
    expect(jsonEqual(parse('{"__proto__":1}'), {})).toBe(false);
    // Same member count, and `{}` equals what `{ x: 1 }` inherits under `__proto__`: still not equal.
    expect(jsonEqual(parse('{"__proto__":{}}'), { x: 1 })).toBe(false);
    expect(jsonEqual(parse('{"__proto__":1}'), parse('{"__proto__":1}'))).toBe(true);
  });
});

describe('deeply nested or circular input', () => {
  function nested(levels: number): Record<string, unknown> {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = { a: [value] };
    return value as Record<string, unknown>;
  }
  const circular = (): Record<string, unknown> => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    return value;
  };

  it('is a RequestValidationError from every helper, never a RangeError', () => {
    for (const [name, run] of [
      ['diffToJsonPatch', () => diffToJsonPatch(nested(100_000), nested(100_000))],
      ['diffToJsonPatch (add)', () => diffToJsonPatch({}, { x: nested(100_000) })],
      ['diffToJsonPatch (circular)', () => diffToJsonPatch(circular(), circular())],
      ['applyMergePatch', () => applyMergePatch({}, nested(100_000))],
      ['applyMergePatch (array)', () => applyMergePatch({}, { list: [nested(100_000)] })],
      ['applyMergePatch (circular)', () => applyMergePatch({}, circular())],
      ['jsonEqual', () => jsonEqual(nested(100_000), nested(100_000))],
      ['validateJsonPatch', () => validateJsonPatch([{ op: 'add', path: '/a', value: nested(100_000) }])],
    ] as const) {
      const error = rejection(run);
      expect(error.message, name).toMatch(/nested too deeply/);
    }
  });

  it('still handles the depths a PAL has', () => {
    expect(diffToJsonPatch(nested(30), nested(30))).toEqual([]);
    expect(jsonEqual(nested(30), nested(30))).toBe(true);
    expect(applyMergePatch({}, nested(30))).toEqual(nested(30));
    const deep = nested(30);
    expect(diffToJsonPatch({ x: deep }, { x: deep, y: 1 })).toEqual([{ op: 'add', path: '/y', value: 1 }]);
  });
});
