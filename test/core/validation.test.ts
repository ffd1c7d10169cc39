/** core/validation.ts alone: the three modes, the tolerance hook and path formatting. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { check, formatPath } from '../../src/core/validation.js';
import { ResponseValidationError, type ValidationIssue } from '../../src/index.js';

const schema = z.looseObject({ id: z.string(), items: z.array(z.looseObject({ status: z.enum(['a', 'b']) })) });
const good = { id: 'x', items: [{ status: 'a' }], extra: 1 };
const bad = { id: 7, items: [{ status: 'a' }, { status: 'zzz' }] };
const request = { method: 'GET', path: '/v2/things' };

describe('check', () => {
  it('returns the very input when it passes, unknown keys kept, in every mode', () => {
    for (const mode of ['strict', 'lenient', 'off'] as const) {
      const warnings: ValidationIssue[] = [];
      expect(check(schema, good, mode, (i) => warnings.push(i), request)).toBe(good);
      expect(warnings).toEqual([]);
    }
  });

  it('strict throws a ResponseValidationError naming every failing path and the request', () => {
    const error = (() => {
      try {
        check(schema, bad, 'strict', () => undefined, request);
      } catch (e) {
        return e;
      }
    })() as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.paths).toEqual(['id', 'items[1].status']);
    expect(error.request).toEqual(request);
    expect(error.message).toContain('from GET /v2/things: id:');
  });

  it('lenient hands the same object back and warns once per issue', () => {
    const warnings: ValidationIssue[] = [];
    expect(check(schema, bad, 'lenient', (i) => warnings.push(i), request)).toBe(bad);
    expect(warnings.map((w) => [w.path, w.code])).toEqual([
      ['id', 'invalid_type'],
      ['items[1].status', 'invalid_value'],
    ]);
  });

  it('off checks nothing', () => {
    const warnings: ValidationIssue[] = [];
    expect(check(schema, 'not even an object', 'off', (i) => warnings.push(i))).toBe('not even an object');
    expect(warnings).toEqual([]);
  });

  it('strict lets through only what the tolerance accepts, as warnings', () => {
    const onlyEnum = { id: 'x', items: [{ status: 'zzz' }] };
    const warnings: ValidationIssue[] = [];
    const tolerate = (issue: ValidationIssue) => issue.code === 'invalid_value';
    expect(check(schema, onlyEnum, 'strict', (i) => warnings.push(i), request, tolerate)).toBe(onlyEnum);
    expect(warnings.map((w) => w.path)).toEqual(['items[0].status']);
    expect(() => check(schema, bad, 'strict', () => undefined, request, tolerate)).toThrow(ResponseValidationError);
  });
});

describe('formatPath', () => {
  it('writes zod paths the way the docs name fields', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['data', 3, 'status'])).toBe('data[3].status');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['layers', 'llm', 'tools', 1, 'function'])).toBe('layers.llm.tools[1].function');
  });
});
