import { describe, expect, test } from 'vitest';
import { JsonPatchError, applyJsonPatch } from '../../src/testing/index.js';

// The simulator's own RFC 6902 implementation, checked against the RFC's appendix A cases.

function fails(doc: unknown, patch: unknown): JsonPatchError {
  try {
    applyJsonPatch(doc, patch);
  } catch (error) {
    if (error instanceof JsonPatchError) return error;
    throw error;
  }
  throw new Error('expected the patch to fail');
}

describe('applyJsonPatch', () => {
  test('add: object member, array element, append with "-", nested', () => {
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({
      foo: 'bar',
      baz: 'qux',
    });
    expect(applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual({
      foo: ['bar', 'qux', 'baz'],
    });
    expect(applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual({
      foo: ['bar', ['abc', 'def']],
    });
    expect(fails({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]).reason).toBe('apply');
    expect(fails({ foo: ['bar'] }, [{ op: 'add', path: '/foo/2', value: 'x' }]).reason).toBe('apply');
  });

  test('remove and replace need an existing target', () => {
    expect(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({ foo: 'bar' });
    expect(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({
      foo: ['bar', 'baz'],
    });
    expect(applyJsonPatch({ baz: 'qux' }, [{ op: 'replace', path: '/baz', value: 'boo' }])).toEqual({ baz: 'boo' });
    expect(fails({ a: 1 }, [{ op: 'remove', path: '/b' }]).reason).toBe('apply');
    expect(fails({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }]).reason).toBe('apply');
    expect(fails({ a: [1] }, [{ op: 'remove', path: '/a/01' }]).reason).toBe('apply');
  });

  test('move and copy', () => {
    const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }])).toEqual({
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
    expect(
      applyJsonPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]),
    ).toEqual({
      foo: ['all', 'cows', 'eat', 'grass'],
    });
    const copied = applyJsonPatch({ a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }]) as {
      a: { b: number[] };
      c: { b: number[] };
    };
    copied.c.b.push(2);
    expect(copied.a.b).toEqual([1]);
    expect(fails({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]).reason).toBe('apply');
  });

  test('test compares JSON values (key order ignored) and fails the whole patch', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'], obj: { x: 1, y: [true] } };
    expect(
      applyJsonPatch(doc, [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
        { op: 'test', path: '/obj', value: { y: [true], x: 1 } },
      ]),
    ).toEqual(doc);
    const error = fails(doc, [
      { op: 'replace', path: '/baz', value: 'changed' },
      { op: 'test', path: '/foo/1', value: '2' },
    ]);
    expect([error.reason, error.index]).toEqual(['apply', 1]);
    expect(doc.baz).toBe('qux');
  });

  test('RFC 6901 escapes: ~1 is "/", ~0 is "~"; "" is the whole document', () => {
    expect(applyJsonPatch({ 'a/b': 1, 'm~n': 2 }, [{ op: 'replace', path: '/a~1b', value: 3 }])).toEqual({
      'a/b': 3,
      'm~n': 2,
    });
    expect(applyJsonPatch({ 'm~n': 2 }, [{ op: 'test', path: '/m~0n', value: 2 }])).toEqual({ 'm~n': 2 });
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: [1] }])).toEqual([1]);
    expect(fails({}, [{ op: 'add', path: '/a~2', value: 1 }]).reason).toBe('format');
  });

  test('malformed patches are "format" errors', () => {
    for (const bad of [
      {},
      [null],
      [{ op: 'nope', path: '/a' }],
      [{ op: 'add', path: 'a', value: 1 }],
      [{ op: 'add', path: '/a' }],
      [{ op: 'copy', path: '/a' }],
    ]) {
      expect(fails({ a: 1 }, bad).reason).toBe('format');
    }
  });

  test('a "__proto__" member is plain data, never the prototype', () => {
    const out = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});
