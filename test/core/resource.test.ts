/**
 * The resource pipeline's own rules (src/core/resource.ts), on a context built like the client's,
 * with schemas and normalise steps of the kind PALs and Conversations bring (recursive ones
 * included), which no face or voice schema has.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ResourceContext } from '../../src/core/resource.js';
import type { ValidationMode } from '../../src/core/validation.js';
import { ResponseValidationError, type WarningEvent } from '../../src/index.js';
import { makeClient } from '../helpers/msw.js';

const MODES = ['strict', 'lenient', 'off'] as const;
const REQUEST = { method: 'GET', path: '/v2/things/t1' };

function context(validation: ValidationMode) {
  const tavus = makeClient({ validation });
  const warnings: WarningEvent[] = [];
  tavus.on('warning', (w) => warnings.push(w));
  const emit = ((event: string, payload: unknown) =>
    (tavus.emit as (e: string, p: unknown) => boolean)(event, payload)) as ConstructorParameters<
    typeof ResourceContext
  >[2];
  return { ctx: new ResourceContext(tavus.http, validation, emit, new Set()), warnings };
}

/** A JSON value schema that recurses into itself, as a tool-parameters field might. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodMiniType<Json> = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.lazy(() => json)),
  z.record(
    z.string(),
    z.lazy(() => json),
  ),
]);
const thing = z.looseObject({ id: z.string(), parameters: z.optional(json) });

/** `{"id":"t1","parameters":{"a":{"a":…1…}}}`, `depth` levels deep. */
function deepThing(depth: number): unknown {
  return JSON.parse(`{"id":"t1","parameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
}

/** Walks every nested object recursively, as a legacy-name rename of nested layers does. */
function walk(value: unknown): void {
  if (value !== null && typeof value === 'object') for (const item of Object.values(value)) walk(item);
}

describe('ResourceContext: deeply nested bodies', () => {
  for (const validation of MODES) {
    it(`${validation}: a stack overflow in the check or the normalise walk is a ResponseValidationError naming the field`, () => {
      const { ctx } = context(validation);
      const spec = { schema: thing, normalise: walk };
      const error = (() => {
        try {
          return ctx.read(deepThing(100_000), REQUEST, spec);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).paths).toEqual(['parameters']);
      expect((error as Error).message).toContain(
        'from GET /v2/things/t1: parameters: nested more than 1000 levels deep',
      );

      const page = { data: [{ id: 't0' }, deepThing(100_000)], total_count: 2 };
      expect(() => ctx.readPage(page, REQUEST, spec)).toThrow(
        expect.objectContaining({ kind: 'ResponseValidationError', paths: ['data[1].parameters'] }),
      );
    });

    it(`${validation}: nesting the walk survives is read as usual`, () => {
      const { ctx } = context(validation);
      expect(ctx.read(deepThing(200), REQUEST, { schema: thing, normalise: walk })).toMatchObject({ id: 't1' });
    });
  }

  it('a RangeError that no deep value explains is not disguised', () => {
    const { ctx } = context('lenient');
    const normalise = () => {
      throw new RangeError('a bug of ours');
    };
    expect(() => ctx.read({ id: 't1' }, REQUEST, { schema: thing, normalise })).toThrow(RangeError);
  });
});
