import { describe, expect, it } from 'vitest';
import { wholeFlow } from '../flow/whole-flow.js';

describe('whole flow on the simulator (real Chromium)', () => {
  it('create face → watch → PAL → update → delete', async () => {
    expect(typeof window).toBe('object');
    const result = await wholeFlow();
    expect(result.statuses).toEqual(['started', 'completed']);
    expect(result.percents.at(-1)).toBe(100);
    expect(result.palPrompt).toBe('You are an upbeat running coach.');
    expect(result.patchRequests).toBe(1);
    expect(result.facesLeft).toBe(0);
    expect(result.palsLeft).toBe(0);
  });
});
