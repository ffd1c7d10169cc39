/**
 * The simulator's own RFC 6902 JSON Patch (with RFC 6901 pointers). It is deliberately separate
 * from anything the SDK uses to build patches, so a bug in one cannot hide a bug in the other.
 */

/** One JSON Patch operation. */
export interface JsonPatchOperation {
  /** `add`, `remove`, `replace`, `move`, `copy` or `test`. */
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  /** An RFC 6901 JSON Pointer, e.g. `/layers/llm/model`. */
  path: string;
  /** The value for `add`, `replace` and `test`. */
  value?: unknown;
  /** The source pointer of `move` and `copy`. */
  from?: string;
}

/**
 * Why a patch was refused. `format` means the patch itself is malformed; `apply` means it is well
 * formed but cannot be applied to this document (missing target, failed `test`).
 */
export class JsonPatchError extends Error {
  /** `format` (malformed patch) or `apply` (does not fit the document). */
  readonly reason: 'format' | 'apply';
  /** Index of the offending operation, when there is one. */
  readonly index: number | undefined;

  constructor(reason: 'format' | 'apply', message: string, index?: number) {
    super(message);
    this.name = 'JsonPatchError';
    this.reason = reason;
    this.index = index;
  }
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Splits a JSON Pointer into unescaped reference tokens; `''` is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError('format', `JSON Pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw new JsonPatchError('format', `invalid escape in JSON Pointer: ${pointer}`);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Checks a value is a well-formed patch document (an array of operations). */
export function validatePatch(patch: unknown): asserts patch is JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw new JsonPatchError('format', 'a JSON Patch must be an array of operations');
  patch.forEach((op: unknown, index) => {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      throw new JsonPatchError('format', 'each operation must be an object', index);
    }
    const o = op as Record<string, unknown>;
    if (typeof o.op !== 'string' || !OPS.has(o.op)) throw new JsonPatchError('format', 'unknown "op"', index);
    if (typeof o.path !== 'string') throw new JsonPatchError('format', '"path" must be a string', index);
    parsePointer(o.path);
    if ((o.op === 'add' || o.op === 'replace' || o.op === 'test') && !Object.hasOwn(o, 'value')) {
      throw new JsonPatchError('format', `"${o.op}" needs a "value"`, index);
    }
    if (o.op === 'move' || o.op === 'copy') {
      if (typeof o.from !== 'string') throw new JsonPatchError('format', `"${o.op}" needs a "from" pointer`, index);
      parsePointer(o.from);
    }
  });
}

/**
 * Applies `patch` to a copy of `document` and returns the copy; `document` is never changed. The
 * patch is atomic: any failing operation throws {@link JsonPatchError} and nothing is applied.
 */
export function applyJsonPatch<T>(document: T, patch: unknown): T {
  validatePatch(patch);
  let doc: unknown = structuredClone(document);
  patch.forEach((op, index) => {
    try {
      doc = applyOne(doc, op);
    } catch (error) {
      if (error instanceof JsonPatchError) throw new JsonPatchError(error.reason, error.message, index);
      throw error;
    }
  });
  return doc as T;
}

function applyOne(doc: unknown, op: JsonPatchOperation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, parsePointer(op.path), structuredClone(op.value));
    case 'remove':
      return remove(doc, parsePointer(op.path));
    case 'replace': {
      const tokens = parsePointer(op.path);
      get(doc, tokens, op.path);
      if (tokens.length === 0) return structuredClone(op.value);
      return add(remove(doc, tokens), tokens, structuredClone(op.value));
    }
    case 'move': {
      const from = op.from as string;
      if (op.path !== from && op.path.startsWith(`${from}/`)) {
        throw new JsonPatchError('apply', `cannot move ${from} into its own child ${op.path}`);
      }
      const value = get(doc, parsePointer(from), from);
      return add(remove(doc, parsePointer(from)), parsePointer(op.path), value);
    }
    case 'copy': {
      const from = op.from as string;
      return add(doc, parsePointer(op.path), structuredClone(get(doc, parsePointer(from), from)));
    }
    case 'test': {
      const actual = get(doc, parsePointer(op.path), op.path);
      if (!jsonEqual(actual, op.value)) throw new JsonPatchError('apply', `test failed at ${op.path || '/'}`);
      return doc;
    }
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object';
}

function arrayIndex(array: unknown[], token: string, pointer: string, forAdd: boolean): number {
  if (forAdd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError('apply', `bad array index "${token}" in ${pointer}`);
  const index = Number(token);
  if (index > array.length || (!forAdd && index === array.length)) {
    throw new JsonPatchError('apply', `array index ${index} out of bounds in ${pointer}`);
  }
  return index;
}

function toPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function get(doc: unknown, tokens: readonly string[], pointer = toPointer(tokens)): unknown {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, pointer, false)];
    else if (isContainer(node) && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else throw new JsonPatchError('apply', `path ${pointer} does not exist`);
  }
  return node;
}

function parentOf(doc: unknown, tokens: readonly string[]): unknown {
  const parent = get(doc, tokens.slice(0, -1));
  if (!isContainer(parent)) throw new JsonPatchError('apply', `parent of ${toPointer(tokens)} is not a container`);
  return parent;
}

function add(doc: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, toPointer(tokens), true), 0, value);
  // defineProperty, so a key such as `__proto__` becomes data instead of changing the prototype.
  else Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  return doc;
}

function remove(doc: unknown, tokens: readonly string[]): unknown {
  if (tokens.length === 0) throw new JsonPatchError('apply', 'cannot remove the whole document');
  get(doc, tokens);
  const parent = parentOf(doc, tokens);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, toPointer(tokens), false), 1);
  else delete (parent as Record<string, unknown>)[key];
  return doc;
}

/** JSON equality: same types, arrays in order, objects with the same keys in any order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
