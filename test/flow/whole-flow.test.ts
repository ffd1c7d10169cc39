import { describe, expect, it } from 'vitest';
import { wholeFlow } from './whole-flow.js';

describe('whole flow on the simulator (Node)', () => {
  it('create face → watch → PAL → update → delete', async () => {
    const result = await wholeFlow();
    expect(result.statuses).toEqual(['started', 'completed']);
    expect(result.percents.at(-1)).toBe(100);
    expect([...result.percents].sort((a, b) => a - b)).toEqual(result.percents);
    expect(result.palPrompt).toBe('You are an upbeat running coach.');
    expect(result.patchRequests).toBe(1);
    expect(result.facesLeft).toBe(0);
    expect(result.palsLeft).toBe(0);
    expect(result.requestPaths[0]).toBe('POST /v2/faces');
    expect(result.requestPaths.at(-1)).toBe(`DELETE /v2/faces/${result.faceId}`);
  });
});
