import { describe, expect, it } from 'vitest';
import { RequestValidationError, parseConversationCallback } from '../../src/index.js';
import { fixture } from '../helpers/msw.js';

// The documented system.replica_joined callback (source: the fixture's own `source` URL).
const joined = (await fixture('conversations.callback.replica-joined.legacy.json')).body as Record<string, unknown>;

describe('parseConversationCallback: absurdly deep bodies', () => {
  const levels = 100_000;
  const deep = '['.repeat(levels) + ']'.repeat(levels);
  const nested = (depth: number): Record<string, unknown> => {
    let value: Record<string, unknown> = {};
    for (let i = 1; i < depth; i += 1) value = { a: value };
    return value;
  };
  const circular = (): Record<string, unknown> => {
    const body: Record<string, unknown> = { ...joined };
    body.properties = { self: body };
    return body;
  };

  it.each([
    ['JSON text with a deep member', JSON.stringify(joined).replace(/}$/, `,"extra":${deep}}`)],
    ['JSON text that is deep at its root', deep],
    ['a parsed body with a deep member', () => ({ ...joined, extra: nested(levels) })],
    ['a circular body', circular],
  ])('%s is a RequestValidationError naming the body, never a RangeError', (_, input) => {
    const body = typeof input === 'function' ? input() : input;
    let error: unknown;
    try {
      parseConversationCallback(body, { onWarning: () => {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe('body');
    expect((error as Error).message).toContain('nested more than 64 levels deep');
  });

  it('a documented callback, and 64 levels, are fine', () => {
    const onWarning = (): void => {};
    expect(parseConversationCallback(JSON.stringify(joined), { onWarning })).toMatchObject({
      event_type: 'system.replica_joined',
      properties: { face_id: '<replica_id>' },
    });
    // The body object is the first level.
    const ok = parseConversationCallback({ ...joined, extra: nested(63) }, { onWarning });
    expect(ok.conversation_id).toBe('<conversation_id>');
    expect(() => parseConversationCallback({ ...joined, extra: nested(64) }, { onWarning })).toThrow(
      RequestValidationError,
    );
  });
});
